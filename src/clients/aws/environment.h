// Environment variables as a lookup function, so that configuration and
// credential code can be tested with a map instead of the process environment.
//
// Thread safety: ProcessEnvironment reads getenv, safe as long as nobody calls
// setenv concurrently (aqpipe never does after start-up).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace aq::aws {

// The value of a variable; an empty value counts as unset, as in the AWS CLI.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

EnvLookup ProcessEnvironment();
EnvLookup MapEnvironment(std::map<std::string, std::string> values);

}  // namespace aq::aws
