// Fuzz target: the JSON protocol decoder (core/protocol/codec.hpp), both directions.
//
// Properties, for any text:
//   - decode_intent and decode_event never throw;
//   - a message that decodes re-encodes to JSON that decodes to an equal message, and
//     encoding that again gives the same bytes (the codec is a fixed point after one
//     round);
//   - a rejected frame's error, built as the server builds its reply, encodes and
//     decodes back as the same error event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/protocol/codec.hpp"
#include "fuzz_support.hpp"

using namespace salotto;
using namespace salotto::protocol;

namespace {

std::variant<Intent, DecodeError> decode_as(const Intent*, std::string_view text) {
    return decode_intent(text);
}
std::variant<Event, DecodeError> decode_as(const Event*, std::string_view text) {
    return decode_event(text);
}

template <class Message>
void round_trip(std::string_view text) {
    const auto first = decode_as(static_cast<const Message*>(nullptr), text);
    if (const auto* error = std::get_if<DecodeError>(&first)) {
        fuzz::check(!error->message.empty(), "a decode error without a message", text);
        const std::string reply = encode(Event{make_error(error->code, error->in, error->message)});
        const auto back = decode_event(reply);
        const auto* event = std::get_if<Event>(&back);
        fuzz::check(event && std::holds_alternative<Error>(*event),
                    "the error reply does not decode as an error", reply);
        const auto& echoed = std::get<Error>(*event);
        fuzz::check(echoed.code == error->code && echoed.in == error->in &&
                        echoed.message == error->message,
                    "the error reply changed in a round trip", reply);
        return;
    }
    const Message& message = std::get<Message>(first);
    const std::string encoded = encode(message);
    const auto second = decode_as(static_cast<const Message*>(nullptr), encoded);
    const auto* again = std::get_if<Message>(&second);
    fuzz::check(again != nullptr, "a re-encoded message does not decode", encoded);
    fuzz::check(*again == message, "a message changed in a round trip", encoded);
    fuzz::check(encode(*again) == encoded, "encoding is not stable", encoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    round_trip<Intent>(text);
    round_trip<Event>(text);
    return 0;
}
