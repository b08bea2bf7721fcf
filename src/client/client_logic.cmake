# The client's platform-free logic: app state, the event reducer, the outbox of
# intents, deep links and the state() JSON of docs/client-test-api.md. No ImGui, no
# Emscripten: src/client/CMakeLists.txt links it into the web client and
# tests/unit/CMakeLists.txt into the native unit tests.
add_library(salotto_client_logic STATIC
  ${CMAKE_CURRENT_LIST_DIR}/audio_report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deep_link.cpp
  ${CMAKE_CURRENT_LIST_DIR}/embed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/navigation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reducer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state_json.cpp
)
target_include_directories(salotto_client_logic PUBLIC "${PROJECT_SOURCE_DIR}/src")
target_link_libraries(salotto_client_logic PUBLIC salotto_core)
