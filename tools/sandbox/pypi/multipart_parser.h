#pragma once
// A streaming multipart/form-data parser for upload bodies, fed in pieces of any size: it
// finds each delimiter with memmem over the whole piece (httplib's parser looked at 4 KiB
// at a time) and hands part data on without copying it. It accepts what httplib 0.11's
// parser accepted, so twine, requests and curl are read exactly as before: the body opens
// with "--boundary CRLF", each part's header lines are Content-Type or a form-data
// Content-Disposition (anything else is refused), and it ends with "--boundary--" CRLF.

#include <cstddef>
#include <functional>
#include <string>

#include "absl/strings/string_view.h"

namespace stablecut::sandbox::pypi {

struct MultipartPart {
  std::string name;
  std::string filename;      // "" for a text field
  std::string content_type;  // "" when the part gave none
};

// The boundary parameter of a multipart/form-data Content-Type (quotes removed), or "" when
// there is none.
std::string MultipartBoundary(absl::string_view content_type);

class MultipartParser {
 public:
  using PartSink = std::function<void(MultipartPart const& part)>;
  using DataSink = std::function<void(absl::string_view data)>;

  // `on_part` is called as each part's headers end, `on_data` with its bytes, in order.
  MultipartParser(std::string boundary, PartSink on_part, DataSink on_data);

  // Takes the next piece of the body; false once the body is malformed (error() says how),
  // and every later piece is ignored.
  bool Feed(absl::string_view piece);
  // True once the closing delimiter has been read; what follows it is ignored.
  bool complete() const { return state_ == State::kDone; }
  std::string const& error() const { return error_; }

 private:
  enum class State { kOpening, kHeaders, kData, kAfterDelimiter, kDone, kFailed };

  // Parses as much of `bytes` as it can and returns how much it used.
  std::size_t Parse(absl::string_view bytes);
  bool Fail(std::string message);
  bool HeaderLine(absl::string_view line);

  std::string opening_;    // "--" boundary CRLF
  std::string delimiter_;  // CRLF "--" boundary
  PartSink on_part_;
  DataSink on_data_;
  State state_ = State::kOpening;
  MultipartPart part_;
  std::string pending_;  // bytes held back: an unfinished line or a delimiter's beginning
  std::string error_;
};

// Exposed for its tests: httplib's Content-Disposition rule, the regular expression
//   ^Content-Disposition:\s*form-data;\s*name="(.*?)"(?:;\s*filename="(.*?)")?
//   (?:;\s*filename\*=\S+)?\s*$   (case-insensitive)
// matched in linear time. False when `line` does not match.
bool ParseContentDisposition(absl::string_view line, std::string* name, std::string* filename);

}  // namespace stablecut::sandbox::pypi
