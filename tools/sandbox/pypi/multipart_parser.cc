// Streaming multipart/form-data parsing with httplib 0.11's acceptance rules.
#include "tools/sandbox/pypi/multipart_parser.h"

#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace stablecut::sandbox::pypi {
namespace {

constexpr std::size_t kMaxHeaderLine = 8192;  // httplib's CPPHTTPLIB_HEADER_MAX_LENGTH

// std::regex's \s for char: the C locale's isspace.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool StartsWithAt(absl::string_view text, std::size_t at, absl::string_view prefix) {
  return at <= text.size() && absl::StartsWithIgnoreCase(text.substr(at), prefix);
}

// httplib's trim: spaces and tabs at both ends.
std::string TrimSpacesAndTabs(absl::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::string MultipartBoundary(absl::string_view content_type) {
  // As httplib: everything after "boundary=", one pair of surrounding quotes removed.
  std::size_t at = content_type.find("boundary=");
  if (at == absl::string_view::npos) return "";
  absl::string_view boundary = content_type.substr(at + 9);
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"') {
    boundary = boundary.substr(1, boundary.size() - 2);
  }
  return std::string(boundary);
}

bool ParseContentDisposition(absl::string_view line, std::string* name, std::string* filename) {
  // The fixed start: Content-Disposition:\s*form-data;\s*name="
  std::size_t at = 0;
  if (!StartsWithAt(line, at, "Content-Disposition:")) return false;
  at += 20;
  while (at < line.size() && IsSpace(line[at])) ++at;
  if (!StartsWithAt(line, at, "form-data;")) return false;
  at += 10;
  while (at < line.size() && IsSpace(line[at])) ++at;
  if (!StartsWithAt(line, at, "name=\"")) return false;
  absl::string_view s = line.substr(at + 6);
  std::size_t const n = s.size();

  // Tables over every suffix of s, built from the end, so that each way the regular
  // expression could go on from a position is decided in constant time.
  std::vector<bool> all_space(n + 1, true);
  std::vector<std::size_t> next_space(n + 1, n), next_non_space(n + 1, n), next_break(n + 1, n);
  for (std::size_t i = n; i-- > 0;) {
    bool space = IsSpace(s[i]);
    all_space[i] = space && all_space[i + 1];
    next_space[i] = space ? i : next_space[i + 1];
    next_non_space[i] = space ? next_non_space[i + 1] : i;
    next_break[i] = (s[i] == '\r' || s[i] == '\n') ? i : next_break[i + 1];
  }
  // (?:;\s*filename\*=\S+)?\s*$ from i.
  auto star_tail = [&](std::size_t i) -> bool {
    if (all_space[i]) return true;
    if (s[i] != ';') return false;
    std::size_t j = next_non_space[i + 1];
    if (!StartsWithAt(s, j, "filename*=")) return false;
    std::size_t k = j + 10;
    if (k >= n || IsSpace(s[k])) return false;
    return all_space[next_space[k]];
  };
  std::vector<bool> star_ok(n + 1);
  for (std::size_t i = 0; i <= n; ++i) star_ok[i] = star_tail(i);
  // The first quote at or after i that star_tail may follow.
  std::vector<std::size_t> closing_quote(n + 1, n);
  for (std::size_t i = n; i-- > 0;) {
    closing_quote[i] = (s[i] == '"' && star_ok[i + 1]) ? i : closing_quote[i + 1];
  }
  // (?:;\s*filename="(.*?)")? then star_tail from i: the group is tried first (greedy ?).
  auto filename_tail = [&](std::size_t i, std::string* value) -> bool {
    if (i < n && s[i] == ';') {
      std::size_t j = next_non_space[i + 1];
      if (StartsWithAt(s, j, "filename=\"")) {
        std::size_t start = j + 10;
        std::size_t quote = start <= n ? closing_quote[start] : n;
        if (quote < n && next_break[start] >= quote) {  // '.' matches no CR or LF
          *value = std::string(s.substr(start, quote - start));
          return true;
        }
      }
    }
    value->clear();
    return star_ok[i];
  };
  // name="(.*?)": the shortest name after which the rest matches.
  for (std::size_t quote = 0; quote < n && quote <= next_break[0]; ++quote) {
    if (s[quote] != '"') continue;
    if (filename_tail(quote + 1, filename)) {
      *name = std::string(s.substr(0, quote));
      return true;
    }
  }
  return false;
}

MultipartParser::MultipartParser(std::string boundary, PartSink on_part, DataSink on_data)
    : opening_(absl::StrCat("--", boundary, "\r\n")),
      delimiter_(absl::StrCat("\r\n--", boundary)),
      on_part_(std::move(on_part)),
      on_data_(std::move(on_data)) {}

bool MultipartParser::Fail(std::string message) {
  state_ = State::kFailed;
  error_ = std::move(message);
  pending_.clear();
  return false;
}

bool MultipartParser::Feed(absl::string_view piece) {
  if (state_ == State::kFailed) return false;
  if (state_ == State::kDone) return true;
  if (state_ == State::kData && !pending_.empty() && piece.size() >= delimiter_.size()) {
    // Held-back data (shorter than a delimiter) is data unless a delimiter starts in it and
    // runs on into this piece: only then is the piece copied behind it.
    std::string seam = pending_ + std::string(piece.substr(0, delimiter_.size() - 1));
    std::size_t found = seam.find(delimiter_);
    if (found == std::string::npos || found >= pending_.size()) {
      on_data_(pending_);
      pending_.clear();
    }
  }
  if (pending_.empty()) {
    std::size_t used = Parse(piece);
    if (state_ != State::kFailed) pending_ = std::string(piece.substr(used));
  } else {
    pending_.append(piece.data(), piece.size());
    std::size_t used = Parse(pending_);
    if (state_ != State::kFailed) pending_.erase(0, used);
  }
  if (state_ == State::kDone) pending_.clear();
  return state_ != State::kFailed;
}

bool MultipartParser::HeaderLine(absl::string_view line) {
  if (absl::StartsWithIgnoreCase(line, "content-type:")) {
    part_.content_type = TrimSpacesAndTabs(line.substr(13));
    return true;
  }
  if (ParseContentDisposition(line, &part_.name, &part_.filename)) return true;
  return Fail(
      "a part header is neither Content-Type nor Content-Disposition: form-data; name=\"...\"");
}

std::size_t MultipartParser::Parse(absl::string_view bytes) {
  std::size_t at = 0;
  while (true) {
    absl::string_view rest = bytes.substr(at);
    switch (state_) {
      case State::kOpening: {
        std::size_t common = std::min(rest.size(), opening_.size());
        if (rest.substr(0, common) != absl::string_view(opening_).substr(0, common)) {
          Fail("the body does not begin with \"--\", the boundary and CRLF");
          return at;
        }
        if (rest.size() < opening_.size()) return at;
        at += opening_.size();
        part_ = MultipartPart{};
        state_ = State::kHeaders;
        break;
      }
      case State::kHeaders: {
        std::size_t end = rest.find("\r\n");
        if (end == absl::string_view::npos) {
          if (rest.size() > kMaxHeaderLine) {
            Fail(absl::StrCat("a part header line is longer than ", kMaxHeaderLine, " bytes"));
          }
          return at;
        }
        if (end > kMaxHeaderLine) {
          Fail(absl::StrCat("a part header line is longer than ", kMaxHeaderLine, " bytes"));
          return at;
        }
        at += end + 2;
        if (end == 0) {
          on_part_(part_);
          state_ = State::kData;
        } else if (!HeaderLine(rest.substr(0, end))) {
          return at;
        }
        break;
      }
      case State::kData: {
        void const* found = memmem(rest.data(), rest.size(), delimiter_.data(), delimiter_.size());
        if (found == nullptr) {
          // Hold back what could be the beginning of a delimiter split across pieces.
          std::size_t keep = std::min(rest.size(), delimiter_.size() - 1);
          if (rest.size() > keep) on_data_(rest.substr(0, rest.size() - keep));
          return at + rest.size() - keep;
        }
        std::size_t length = static_cast<char const*>(found) - rest.data();
        if (length > 0) on_data_(rest.substr(0, length));
        at += length + delimiter_.size();
        state_ = State::kAfterDelimiter;
        break;
      }
      case State::kAfterDelimiter: {
        if (rest.size() < 2) return at;
        if (absl::StartsWith(rest, "\r\n")) {
          at += 2;
          part_ = MultipartPart{};
          state_ = State::kHeaders;
          break;
        }
        if (rest[0] == '-' && rest[1] == '-') {
          if (rest.size() < 4) return at;
          if (rest.substr(2, 2) == "\r\n") {
            state_ = State::kDone;
            return bytes.size();  // the epilogue is ignored
          }
        }
        Fail("a boundary is followed by neither CRLF nor \"--\" CRLF");
        return at;
      }
      case State::kDone:
        return bytes.size();
      case State::kFailed:
        return at;
    }
  }
}

}  // namespace stablecut::sandbox::pypi
