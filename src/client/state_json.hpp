// The app state as the JSON object window.salotto.state() returns
// (docs/client-test-api.md). Kept apart from the web glue so it is testable natively.
#pragma once

#include <string>

#include "client/app_state.hpp"

namespace salotto::client {

std::string state_json(const AppState& state);

}  // namespace salotto::client
