# The client's platform-free logic: app state, the event reducer, the outbox of
# intents, deep links and the state() JSON of docs/client-test-api.md. No ImGui, no
# Emscripten: src/client/CMakeLists.txt links it into the web client and
# tests/unit/CMakeLists.txt into the native unit tests. The language catalogues
# (i18n/*.json) are compiled in, so the client downloads nothing more for them.
set(salotto_catalogue_sources)
foreach(lang en it)
  string(TOUPPER "${lang}" upper)
  string(SUBSTRING "${upper}" 0 1 first)
  string(SUBSTRING "${lang}" 1 -1 rest)
  set(catalogue_json "${CMAKE_CURRENT_LIST_DIR}/i18n/${lang}.json")
  set(catalogue_cpp "${CMAKE_CURRENT_BINARY_DIR}/catalogue_${lang}.cpp")
  add_custom_command(
    OUTPUT "${catalogue_cpp}"
    COMMAND ${CMAKE_COMMAND} -DINPUT=${catalogue_json} -DOUTPUT=${catalogue_cpp}
            -DSYMBOL=kCatalogue${first}${rest}
            -P "${CMAKE_CURRENT_LIST_DIR}/embed_text.cmake"
    DEPENDS "${catalogue_json}" "${CMAKE_CURRENT_LIST_DIR}/embed_text.cmake"
    COMMENT "Embedding the ${lang} catalogue"
    VERBATIM)
  list(APPEND salotto_catalogue_sources "${catalogue_cpp}")
endforeach()
add_library(salotto_client_logic STATIC
  ${CMAKE_CURRENT_LIST_DIR}/announcer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/audio_report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/audio_settings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clubs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deep_link.cpp
  ${CMAKE_CURRENT_LIST_DIR}/embed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/events.cpp
  ${CMAKE_CURRENT_LIST_DIR}/navigation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/i18n.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reducer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/replays.cpp
  ${CMAKE_CURRENT_LIST_DIR}/search.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/picture_requests.cpp
  ${salotto_catalogue_sources}
)
target_include_directories(salotto_client_logic PUBLIC "${PROJECT_SOURCE_DIR}/src")
target_link_libraries(salotto_client_logic PUBLIC salotto_core)
