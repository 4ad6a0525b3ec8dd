#pragma once
// Whether the client of a request still holds its connection open, for faults that delay an
// answer: httplib 0.11 hands handlers no socket, so the request's own accepted socket is found
// among this process's sockets by its two addresses.

#include <string>

namespace stablecut::sandbox {

// The accepted socket whose local port is `local_port` and whose peer is
// `remote_addr`:`remote_port` (numeric, as httplib reports them), or -1. Call it from the
// request's handler: while it runs, httplib keeps that socket open on this thread.
int FindConnectionSocket(std::string const& remote_addr, int remote_port, int local_port);

// True once the peer of `socket` closed its end (FIN or reset), seen without reading.
bool PeerClosed(int socket);

}  // namespace stablecut::sandbox
