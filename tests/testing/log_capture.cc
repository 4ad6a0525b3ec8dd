#include "tests/testing/log_capture.h"

#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "lib/log/log.h"

namespace stablecut::testing {

struct LogCapture::State {
  std::ostringstream stream;
  std::shared_ptr<spdlog::logger> previous;
};

LogCapture::LogCapture() : state_(std::make_unique<State>()) {
  log::SetUp(log::Format::kText);  // makes the text formatter current
  state_->previous = spdlog::default_logger();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(state_->stream);
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::debug);
  logger->set_pattern("%l %v");
  spdlog::set_default_logger(logger);
}

LogCapture::~LogCapture() { spdlog::set_default_logger(state_->previous); }

std::string LogCapture::Text() const {
  spdlog::default_logger()->flush();
  return state_->stream.str();
}

}  // namespace stablecut::testing
