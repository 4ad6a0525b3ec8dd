#pragma once
// Wheels for the benchmarks: large, incompressible (a real wheel's payload is compiled code),
// stored uncompressed so that building 1 GiB of them takes seconds; and the digests and
// multipart fields twine sends with them.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace stablecut::bench {

// Pseudo-random bytes (xorshift).
std::string Noise(std::size_t size, std::uint64_t seed);

std::string Md5Hex(std::string const& data);
std::string Sha256Hex(std::string const& data);
std::string Blake2b256Hex(std::string const& data);

// Writes a valid wheel at `path` (`distribution` as in file names, e.g. "widgets"; `tag` its
// compatibility tag, e.g. "py3-none-any") with a `payload_size`-byte payload, and returns
// its bytes ("" when it cannot).
std::string WriteWheel(std::string const& path, std::string const& distribution,
                       std::string const& version, std::string const& tag,
                       std::size_t payload_size, std::uint64_t seed);

// The multipart/form-data fields twine sends for `bytes` (name, version, filetype,
// pyversion, the three digests, :action, protocol_version), as (name, value) in its order.
std::vector<std::pair<std::string, std::string>> TwineFields(std::string const& name,
                                                             std::string const& version,
                                                             std::string const& bytes);

}  // namespace stablecut::bench
