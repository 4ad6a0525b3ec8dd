#pragma once
// Reads a request's body in large pieces straight from its socket. httplib 0.11's content
// reader hands a handler 4 KiB at a time with a poll before each read, which made a 64 MiB
// upload cost ~16,000 reads and polls; this reader takes what httplib has already buffered
// through the content reader, then reads the rest itself, 1 MiB at a time.

#include <cstddef>
#include <functional>

namespace httplib {
struct Request;
class ContentReader;
}  // namespace httplib

namespace stablecut::sandbox {

// Gets the body's bytes in order; returns false to have the rest read and discarded (the
// connection stays in step for its next request).
using BodySink = std::function<bool(char const* data, std::size_t size)>;

// Reads the whole body of `request` into `sink`: true when every byte arrived. A body sent
// with a Content-Length and no Transfer-Encoding or Content-Encoding is read from the
// socket; any other (chunked, compressed, or no socket, as in the fuzz target) goes through
// httplib's reader unchanged. False when the client stopped sending (it hung up, or sent
// nothing for 5 seconds, httplib's read timeout): the connection is then shut down, as its
// next request could not be told from the rest of this body.
bool ReadRequestBody(httplib::Request const& request, httplib::ContentReader const& reader,
                     BodySink const& sink);

}  // namespace stablecut::sandbox
