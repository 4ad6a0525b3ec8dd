#pragma once
// Captures every log line written while it lives (as google-cloud-cpp's ScopedLog does).

#include <memory>
#include <string>

namespace stablecut::testing {

class LogCapture {
 public:
  LogCapture();   // replaces the default logger, in text format
  ~LogCapture();  // restores it
  LogCapture(LogCapture const&) = delete;
  LogCapture& operator=(LogCapture const&) = delete;

  std::string Text() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace stablecut::testing
