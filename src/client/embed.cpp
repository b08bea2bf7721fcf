// The embedding API's events and commands; see embed.hpp.
#include "client/embed.hpp"

#include <nlohmann/json.hpp>

#include "client/reducer.hpp"
#include "core/room/room.hpp"

namespace salotto::client {

namespace p = protocol;
using nlohmann::json;

namespace {

// Playback levels (0-127) at or below this are room noise, not speech; the room
// screen's speaking ring uses the same floor.
constexpr int kSpeakingFloor = 127 - 50;

bool speaking(const AppState& state, const p::Member& m) {
    if (!room::on_stage(m) || m.muted) return false;
    if (state.user && state.user->id == m.id)
        return mic_status(state) == "live" && state.audio.speaking;
    const SpeakerAudio* s = find_speaker_audio(state, m.id);
    return s && s->playing && s->level > kSpeakingFloor;
}

std::string event(std::string_view name, json data) {
    return json{{"event", name}, {"data", std::move(data)}}.dump();
}

}  // namespace

EmbedView embed_view(const AppState& state, std::string_view embed_room) {
    EmbedView view;
    view.signed_in = state.user.has_value();
    view.error = state.error;
    if (!state.room || state.room->id != embed_room) return view;
    view.room = state.room->id;
    view.title = state.room->title;
    json people = json::array();
    for (const auto& m : state.room->members) {
        people.push_back({{"id", m.id},
                          {"handle", m.handle},
                          {"name", m.name},
                          {"role", p::wire_name(m.role)},
                          {"hand", m.hand},
                          {"muted", m.muted}});
        if (speaking(state, m)) view.speaking.push_back(m.id);
    }
    view.participants = people.dump();
    return view;
}

std::vector<std::string> embed_events(const EmbedView& before, const EmbedView& after) {
    std::vector<std::string> events;
    if (!before.room.empty() && before.room != after.room)
        events.push_back(event("left", {{"room", before.room}}));
    if (!after.room.empty() && before.room != after.room)
        events.push_back(event("joined", {{"room", after.room}, {"title", after.title}}));
    if (!after.room.empty() &&
        (before.room != after.room || before.participants != after.participants)) {
        json people = json::parse(after.participants);
        const auto count = people.size();
        events.push_back(
            event("participants",
                  {{"room", after.room}, {"count", count}, {"participants", std::move(people)}}));
    }
    if (before.speaking != after.speaking && !(after.room.empty() && after.speaking.empty()))
        events.push_back(event("speaking", {{"room", after.room}, {"speakers", after.speaking}}));
    if (after.error && before.error != after.error)
        events.push_back(
            event("error", {{"code", after.error->code}, {"message", after.error->message}}));
    return events;
}

std::string embed_ready_event(std::string_view embed_room, bool signed_in) {
    return event("ready", {{"room", embed_room}, {"signedIn", signed_in}});
}

std::string embed_command(AppState& state, Outbox& out, std::string_view embed_room,
                          std::string_view command) {
    const bool in_room = state.room && state.room->id == embed_room;
    if (command == "join") {
        if (!state.user) {
            // Joins as soon as someone signs in inside the embed.
            state.join_after_sign_in = std::string(embed_room);
            return {};
        }
        if (in_room) return {};
        state.error.reset();
        // Joining is a tap's worth of intent: it may also start the audio.
        ++state.audio.gestures;
        join_room(state, out, std::string(embed_room));
        return {};
    }
    if (command != "leave" && command != "mute" && command != "unmute" && command != "raiseHand" &&
        command != "lowerHand")
        return "unknown_command";
    if (!state.user) return "not_signed_in";
    if (!in_room) return "not_in_room";
    state.error.reset();
    if (command == "leave") {
        out.push(p::LeaveRoom{});
    } else if (command == "mute") {
        out.push(p::SetMute{true});
    } else if (command == "unmute") {
        ++state.audio.gestures;  // as the Unmute button: the microphone may need starting
        out.push(p::SetMute{false});
    } else if (command == "raiseHand") {
        out.push(p::RaiseHand{});
    } else {
        out.push(p::LowerHand{});
    }
    return {};
}

std::string query_param(std::string_view query, std::string_view name) {
    if (query.starts_with('?')) query.remove_prefix(1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

}  // namespace salotto::client
