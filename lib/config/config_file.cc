#include "lib/config/config_file.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace stablecut::config {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

// Config files are small; a larger one is a mistake (a wrong path), not a config.
constexpr std::size_t kMaxConfigBytes = 1 << 20;

// Keeps the parser's first error; protobuf counts lines and columns from 0.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit FirstErrorCollector(std::string path) : path_(std::move(path)) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                std::string const& message) override {
    if (!first_error_.empty()) return;
    first_error_ = absl::StrCat(path_, ":", line + 1, ":", column + 1, ": ", message);
  }

  std::string const& first_error() const { return first_error_; }

 private:
  std::string path_;
  std::string first_error_;
};

struct PathStep {
  std::string name;
  int index = 0;
};

std::vector<PathStep> SplitFieldPath(absl::string_view field_path) {
  std::vector<PathStep> steps;
  for (absl::string_view part : absl::StrSplit(field_path, '.')) {
    PathStep step;
    auto bracket = part.find('[');
    if (bracket != absl::string_view::npos && part.back() == ']') {
      int index = 0;
      // A negative index would reach protobuf's ParseInfoTree, which aborts the process on
      // it (its CheckFieldIndex is a DFATAL): such a path means the first element.
      if (absl::SimpleAtoi(part.substr(bracket + 1, part.size() - bracket - 2), &index) &&
          index >= 0) {
        step.index = index;
      }
      part = part.substr(0, bracket);
    }
    step.name = std::string(part);
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace

struct ConfigFile::Locations {
  TextFormat::ParseInfoTree tree;
};

ConfigFile::ConfigFile(std::string path, google::protobuf::Message const& message,
                       std::unique_ptr<Locations> locations)
    : path_(std::move(path)), message_(&message), locations_(std::move(locations)) {}
ConfigFile::ConfigFile(ConfigFile&&) noexcept = default;
ConfigFile& ConfigFile::operator=(ConfigFile&&) noexcept = default;
ConfigFile::~ConfigFile() = default;

absl::StatusOr<ConfigFile> ConfigFile::Load(std::string const& path,
                                            google::protobuf::Message& message) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot read the config file (does it exist, and is it readable?)"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = std::move(buffer).str();
  if (text.size() > kMaxConfigBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": config file is ", text.size(), " bytes, more than the ", kMaxConfigBytes,
        " allowed; is this the right file?"));
  }

  auto locations = std::make_unique<Locations>();
  FirstErrorCollector errors(path);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&locations->tree);
  parser.AllowUnknownField(false);
  parser.AllowUnknownExtension(false);
  message.Clear();
  if (!parser.ParseFromString(text, &message)) {
    std::string error = errors.first_error();
    if (error.empty()) error = absl::StrCat(path, ": not a valid text-format config");
    return absl::InvalidArgumentError(error);
  }
  return ConfigFile(path, message, std::move(locations));
}

absl::Status ConfigFile::FieldError(absl::string_view field_path,
                                    absl::string_view detail) const {
  // Walk the path down the message's descriptors and the parser's location tree, keeping
  // the deepest line the file actually has.
  int line = -1;
  Descriptor const* descriptor = message_->GetDescriptor();
  TextFormat::ParseInfoTree const* tree = &locations_->tree;
  for (auto const& step : SplitFieldPath(field_path)) {
    if (descriptor == nullptr || tree == nullptr) break;
    FieldDescriptor const* field = descriptor->FindFieldByName(step.name);
    if (field == nullptr) break;
    int index = field->is_repeated() ? step.index : -1;
    auto location = tree->GetLocation(field, index);
    if (location.line >= 0) line = location.line;
    if (field->type() != FieldDescriptor::TYPE_MESSAGE) break;
    tree = tree->GetTreeForNested(field, index);
    descriptor = field->message_type();
  }
  if (line < 0) {
    return absl::InvalidArgumentError(absl::StrCat(path_, ": ", field_path, ": ", detail));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path_, ":", line + 1, ": ", field_path, ": ", detail));
}

}  // namespace stablecut::config
