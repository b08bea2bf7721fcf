// The audio forwarder; see audio_forwarder.hpp and docs/protocol.md, "Audio frames".
#include "server/service/audio_forwarder.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "server/media/recorder.hpp"

namespace salotto::service {

void AudioForwarder::receive(ConnectionId id, std::span<const std::uint8_t> frame) {
    Connection* found = connections_.find(id);
    if (!found) return;
    Connection& connection = *found;
    ++counters_.frames_in;
    const auto now = options_.steady_now();

    if (connection.cut_off) return;
    if (!connection.allowances.frames.take(now) ||
        !connection.allowances.audio_bytes.take(now, static_cast<double>(frame.size()))) {
        if (connection.allowances.audio_flood.refused(now))
            return connections_.cut_off(id, connection, ErrorCode::rate_limited,
                                        "Too many audio frames or bytes for 10 s; disconnected.");
        return reject(id, connection, ErrorCode::rate_limited, now);
    }
    if (!connection.user) return reject(id, connection, ErrorCode::binary_unsupported, now);
    const UserId user = connection.user->id;
    auto audio = user_audio_.find(user);
    if (audio == user_audio_.end() || audio->second != id)
        return reject(id, connection, ErrorCode::audio_not_started, now);
    const auto upstream = protocol::read_upstream(frame);
    if (!upstream) return reject(id, connection, ErrorCode::bad_audio, now);
    LiveRoom* live = rooms_.of(user);
    if (!live) return reject(id, connection, ErrorCode::not_in_room, now);
    // The route lists the stage, so a speaker is found without scanning a room of
    // thousands; only a rejected frame looks the member up.
    const auto& stage = route(*live).stage;
    const auto speaker = std::find_if(stage.begin(), stage.end(),
                                      [&](const StageListener& s) { return s.user == user; });
    if (speaker == stage.end()) {
        const room::Member* me = live->room.find(user);
        return reject(id, connection, me ? ErrorCode::not_on_stage : ErrorCode::not_in_room, now);
    }
    if (speaker->muted) return reject(id, connection, ErrorCode::muted, now);
    if (live->recorder)
        live->recorder->push(static_cast<std::uint32_t>(user), upstream->timestamp, now,
                             upstream->payload);
    forward(*live, user, *upstream);
}

void AudioForwarder::handle(Request& r, const protocol::StartAudio&) {
    const UserId user = r.user();
    auto [it, inserted] = user_audio_.try_emplace(user, r.id);
    if (!inserted && it->second != r.id) {
        // One audio connection per user: the newest wins (a reloaded tab, a device).
        connections_.send(std::exchange(it->second, r.id), protocol::AudioStopped{});
    }
    user_changed(user);
    connections_.send(r.id, protocol::AudioStarted{});
}

void AudioForwarder::handle(Request& r, const protocol::StopAudio&) {
    const UserId user = r.user();
    if (auto it = user_audio_.find(user); it != user_audio_.end() && it->second == r.id) {
        user_audio_.erase(it);
        user_changed(user);
    }
    connections_.send(r.id, protocol::AudioStopped{});
}

void AudioForwarder::connection_gone(UserId user, ConnectionId id) {
    if (auto audio = user_audio_.find(user); audio != user_audio_.end() && audio->second == id) {
        user_audio_.erase(audio);
        user_changed(user);
    }
}

void AudioForwarder::reject(ConnectionId id, Connection& connection, ErrorCode code,
                            Clock::time_point now) {
    ++counters_.frames_rejected;
    // A speaker's client sends 100 frames a second: one error per frame would flood
    // the very connection that is already misbehaving.
    if (connection.last_audio_error && now - *connection.last_audio_error < kAudioErrorInterval) {
        ++connection.audio_rejections_untold;
        return;
    }
    std::string message(default_message(code));
    if (connection.audio_rejections_untold > 0)
        message += " (and " + std::to_string(connection.audio_rejections_untold) +
                   " more frames rejected)";
    connection.last_audio_error = now;
    connection.audio_rejections_untold = 0;
    connections_.reject(id, code, "", message);
}

void AudioForwarder::forward(LiveRoom& live, UserId speaker, protocol::AudioFrame frame) {
    const AudioRoute& listeners = route(live);
    frame.speaker = static_cast<std::uint32_t>(speaker);
    const bool coalesce =
        options_.audience_batch.count() > 0 &&
        !(options_.adaptive_audience_batch && audience_hears_at_once(listeners.audience.size()));

    const bool stage_hears = listeners.stage.size() > 1;  // the speaker is one of them
    if (stage_hears || (!coalesce && !listeners.audience.empty())) {
        BatchBuilder builder(pool_);
        builder.add(frame);
        const AudioMessage message = builder.finish();
        ++counters_.batches_built;
        for (const auto& listener : listeners.stage) {
            if (listener.user == speaker) continue;
            outbox_.send_audio(listener.connection, message);
            ++counters_.frames_forwarded;
        }
        if (!coalesce) {
            for (ConnectionId connection : listeners.audience)
                outbox_.send_audio(connection, message);
            counters_.frames_forwarded += listeners.audience.size();
        }
    }
    if (!coalesce || listeners.audience.empty()) return;

    live.audio.batches.add(frame, [&](int group, const AudioMessage& message) {
        send_audience(listeners, group, message);
    });
}

void AudioForwarder::flush(int intervals) {
    for (auto& [id, live] : rooms_.all()) {
        const AudioRoute& listeners = route(live);
        const int groups = options_.adaptive_audience_batch
                               ? audience_batch_intervals(listeners.audience.size())
                               : 1;
        live.audio.batches.tick(intervals, groups, [&](int group, const AudioMessage& message) {
            send_audience(listeners, group, message);
        });
    }
}

void AudioForwarder::send_audience(const AudioRoute& route, int group,
                                   const AudioMessage& message) {
    const std::size_t step = static_cast<std::size_t>(route.batches.groups());
    std::size_t listeners = 0;
    for (std::size_t i = static_cast<std::size_t>(group); i < route.audience.size(); i += step) {
        outbox_.send_audio(route.audience[i], message);
        ++listeners;
    }
    ++counters_.batches_built;
    counters_.frames_forwarded += message.frames() * listeners;
}

void AudioForwarder::user_changed(UserId user) {
    if (LiveRoom* live = rooms_.of(user)) room_changed(*live);
}

void AudioForwarder::room_changed(LiveRoom& live) {
    // What was collected belongs to the audience of the moment it was spoken.
    live.audio.batches.flush(
        [&](int group, const AudioMessage& message) { send_audience(live.audio, group, message); });
    live.audio.stale = true;
}

const AudioRoute& AudioForwarder::route(LiveRoom& live) {
    AudioRoute& audio = live.audio;
    if (!audio.stale) return audio;
    audio.stage.clear();
    audio.audience.clear();
    for (const auto& member : live.room.members()) {
        auto it = user_audio_.find(member.id);
        if (it == user_audio_.end()) continue;
        if (member.role == room::Role::audience) {
            audio.audience.push_back(it->second);
        } else {
            audio.stage.push_back({member.id, it->second, member.muted});
        }
    }
    audio.stale = false;
    return audio;
}

}  // namespace salotto::service
