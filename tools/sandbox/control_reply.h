// The control API's answers: a status and a JSON body (`{"error": ...}` when refused).
#ifndef STABLECUT_TOOLS_SANDBOX_CONTROL_REPLY_H_
#define STABLECUT_TOOLS_SANDBOX_CONTROL_REPLY_H_

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace stablecut::sandbox {

inline void ControlReply(httplib::Response& res, int status, nlohmann::json const& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace stablecut::sandbox

#endif  // STABLECUT_TOOLS_SANDBOX_CONTROL_REPLY_H_
