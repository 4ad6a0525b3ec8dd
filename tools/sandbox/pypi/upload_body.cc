// Streams an upload request's body into an UploadForm: read from the socket in large pieces,
// the multipart parts split by our parser.
#include "tools/sandbox/pypi/upload_body.h"

#include <httplib.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/sandbox/connection/request_body.h"
#include "tools/sandbox/pypi/multipart_parser.h"

namespace stablecut::sandbox::pypi {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding: '+' is a space, %XX a byte.
std::string DecodeFormComponent(absl::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() &&
               HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<UploadForm> ReadUploadBody(httplib::Request const& request,
                                          httplib::ContentReader const& reader,
                                          std::string const& spool_path,
                                          std::uint64_t max_file_size,
                                          SpoolPredicate const& need_not_spool) {
  UploadForm form;
  std::uint64_t text_bytes = 0;
  bool text_too_large = false;
  absl::Status spool_status;
  auto too_large_error = [] {
    return absl::InvalidArgumentError(absl::StrCat(
        "the form's text fields exceed the sandbox's limit of ", kMaxTextFieldBytes, " bytes"));
  };

  if (!request.is_multipart_form_data()) {
    std::string body;
    bool read = ReadRequestBody(request, reader, [&](char const* data, std::size_t length) {
      text_bytes += length;
      if (text_bytes > kMaxTextFieldBytes) {
        text_too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (!read) return absl::UnavailableError("the upload body could not be read");
    if (text_too_large) return too_large_error();
    for (absl::string_view pair : absl::StrSplit(body, '&', absl::SkipEmpty())) {
      std::vector<absl::string_view> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
      form.fields.emplace_back(DecodeFormComponent(kv[0]),
                               kv.size() > 1 ? DecodeFormComponent(kv[1]) : "");
    }
    return form;
  }

  std::string boundary = MultipartBoundary(request.get_header_value("Content-Type"));
  if (boundary.empty()) {
    DrainBody(request, reader);
    return absl::InvalidArgumentError(
        "the multipart/form-data Content-Type names no boundary (add \"; boundary=...\")");
  }

  // The part being received: a text field (index into form.fields), the spooled content,
  // or something discarded (a repeated content part, another file part).
  enum class Target { kNone, kText, kContent };
  Target target = Target::kNone;
  std::unique_ptr<UploadSpool> spool;
  bool spool_write_failed = false;

  MultipartParser parser(
      std::move(boundary),
      [&](MultipartPart const& part) {
        target = Target::kNone;
        if (part.name == "content" && !part.filename.empty()) {
          if (spool == nullptr) {
            bool write = !(need_not_spool && need_not_spool(form, part.filename));
            spool = std::make_unique<UploadSpool>(spool_path, max_file_size, write);
            spool_status = spool->Open();
            form.content = UploadedContent{};
            form.content->spooled = write;
            form.content->filename = part.filename;
            form.content->content_type = part.content_type;
            form.content->spool_path = spool_path;
            target = Target::kContent;
          }
        } else if (!part.filename.empty()) {
          form.file_fields.insert(part.name);
        } else {
          form.fields.emplace_back(part.name, "");
          target = Target::kText;
        }
      },
      [&](absl::string_view data) {
        if (target == Target::kContent) {
          if (spool_status.ok() && !spool->Append(data)) spool_write_failed = true;
        } else if (target == Target::kText) {
          text_bytes += data.size();
          if (text_bytes > kMaxTextFieldBytes) {
            text_too_large = true;
          } else {
            form.fields.back().second.append(data.data(), data.size());
          }
        }
      });
  bool read = ReadRequestBody(request, reader, [&](char const* data, std::size_t length) {
    return parser.Feed(absl::string_view(data, length)) && !text_too_large;
  });
  if (spool != nullptr) {
    form.content->digests = spool->Finish();
    form.content->size = spool->size();
    form.content->too_large = spool->too_large();
    if (spool->write_failed()) spool_write_failed = true;
  }
  if (!read) return absl::UnavailableError("the upload body could not be read");
  if (!spool_status.ok()) return spool_status;
  if (spool_write_failed) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", spool_path));
  }
  if (text_too_large) return too_large_error();
  if (!parser.error().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the multipart/form-data body is malformed: ", parser.error()));
  }
  if (!parser.complete()) {
    return absl::InvalidArgumentError(
        "the multipart/form-data body is malformed: it ends before its closing boundary "
        "(\"--\", the boundary, \"--\" and CRLF)");
  }
  return form;
}

void DrainBody(httplib::Request const& request, httplib::ContentReader const& reader) {
  ReadRequestBody(request, reader, [](char const*, std::size_t) { return false; });
}

}  // namespace stablecut::sandbox::pypi
