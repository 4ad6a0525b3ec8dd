#include "lib/log/log.h"

#include <atomic>
#include <memory>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/log/secret_scrubber.h"

namespace stablecut::log {
namespace {

std::atomic<Format> current_format{Format::kText};

std::string JsonString(absl::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          absl::StrAppend(&out, "\\u00", absl::Hex(byte, absl::kZeroPad2));
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

std::string TextValue(absl::string_view value) {
  bool plain = !value.empty();
  for (char c : value) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '=' || c == '\\') plain = false;
  }
  return plain ? std::string(value) : JsonString(value);
}

spdlog::level::level_enum ToSpdlog(Level level) {
  switch (level) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

absl::StatusOr<Format> ParseFormat(absl::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("log format \"", name, "\" is not one of: text, json"));
}

void SetUp(Format format) {
  current_format = format;
  auto logger = std::make_shared<spdlog::logger>(
      "stablecut", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::trace);
  if (format == Format::kJson) {
    logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  spdlog::set_default_logger(std::move(logger));
}

std::string FormatEvent(Format format, absl::string_view event, Fields const& fields) {
  // Every value is scrubbed before it is escaped, so an escaped secret cannot slip through.
  std::string line;
  if (format == Format::kJson) {
    line = absl::StrCat("\"event\":", JsonString(ScrubSecrets(event)));
    for (auto const& [name, value] : fields) {
      absl::StrAppend(&line, ",", JsonString(name), ":", JsonString(ScrubSecrets(value)));
    }
  } else {
    line = ScrubSecrets(event);
    for (auto const& [name, value] : fields) {
      absl::StrAppend(&line, " ", name, "=", TextValue(ScrubSecrets(value)));
    }
  }
  return line;
}

void Event(Level level, absl::string_view event, Fields const& fields) {
  auto spd_level = ToSpdlog(level);
  auto logger = spdlog::default_logger();
  if (!logger->should_log(spd_level)) return;
  // The payload is pre-formatted: pass it as an argument so braces in values are not
  // read as fmt placeholders.
  logger->log(spd_level, "{}", FormatEvent(current_format.load(), event, fields));
}

}  // namespace stablecut::log
