// window.salotto, the contract with the end-to-end tests and future embedders
// (docs/client-test-api.md): state() and widgets() as plain objects.
#pragma once

namespace salotto::web {

class App;

// Publishes window.salotto, reading from `app` from then on.
void install_test_api(const App& app);

}  // namespace salotto::web
