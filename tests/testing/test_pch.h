// The headers nearly every test binary parses, precompiled once a build tree and reused by
// each of them (tests/CMakeLists.txt, clang only). A test file still includes what it uses:
// this header only saves the parse, it is not a place to get declarations from.
#pragma once

#include <httplib.h>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
