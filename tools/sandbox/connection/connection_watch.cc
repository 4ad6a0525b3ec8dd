// Finds a request's socket by its addresses and tells whether its peer hung up.
#include "tools/sandbox/connection/connection_watch.h"

#include <dirent.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstdlib>
#include <vector>

namespace stablecut::sandbox {
namespace {

bool AddressOf(sockaddr_storage const& address, socklen_t length, std::string* host, int* port) {
  char host_buffer[NI_MAXHOST];
  char port_buffer[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr const*>(&address), length, host_buffer,
                  sizeof host_buffer, port_buffer, sizeof port_buffer,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return false;
  }
  *host = host_buffer;
  *port = std::atoi(port_buffer);
  return true;
}

// This process's open descriptors (Linux's /proc/self/fd; else the first 4096 numbers).
std::vector<int> OpenDescriptors() {
  std::vector<int> fds;
  if (DIR* dir = opendir("/proc/self/fd")) {
    int own = dirfd(dir);
    while (dirent* entry = readdir(dir)) {
      if (entry->d_name[0] == '.') continue;
      int fd = std::atoi(entry->d_name);
      if (fd != own) fds.push_back(fd);
    }
    closedir(dir);
    return fds;
  }
  for (int fd = 0; fd < 4096; ++fd) fds.push_back(fd);
  return fds;
}

}  // namespace

int FindConnectionSocket(std::string const& remote_addr, int remote_port, int local_port) {
  for (int fd : OpenDescriptors()) {
    sockaddr_storage local{};
    socklen_t local_length = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0) continue;
    std::string host;
    int port = 0;
    if (!AddressOf(local, local_length, &host, &port) || port != local_port) continue;
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) continue;
    if (AddressOf(peer, peer_length, &host, &port) && port == remote_port &&
        host == remote_addr) {
      return fd;
    }
  }
  return -1;
}

bool PeerClosed(int socket) {
  pollfd watched{socket, POLLRDHUP, 0};
  if (poll(&watched, 1, 0) <= 0) return false;
  return (watched.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

}  // namespace stablecut::sandbox
