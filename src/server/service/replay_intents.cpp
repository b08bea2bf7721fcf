// Recording rooms and their replays; see replay_intents.hpp.
#include "server/service/replay_intents.hpp"

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "core/protocol/codec.hpp"
#include "server/auth/secrets.hpp"

namespace salotto::service {

namespace {

bool hosted_by(const protocol::Replay& replay, UserId user) {
    return std::any_of(replay.hosts.begin(), replay.hosts.end(),
                       [&](const protocol::User& host) { return host.id == user; });
}

// 128 random bits, hex: a link key nobody guesses.
std::string new_link_key() {
    std::array<unsigned char, 16> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, 33> hex{};
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    return std::string(hex.data(), 32);
}

}  // namespace

std::filesystem::path ReplayIntents::path_of(std::string_view id) const {
    return options_.replay_dir / (std::string(id) + ".ogg");
}

void ReplayIntents::note_access(Recording& recording, const room::Room& room) {
    if (room.type() != protocol::RoomType::open) recording.restricted = true;
    if (room.club()) {
        recording.restricted = true;
        recording.club = room.club()->id;
    }
}

bool ReplayIntents::may_hear(const protocol::Replay& replay, UserId user) {
    const auto audience = store_.audience(replay.id);
    if (!audience) return false;
    if (hosted_by(replay, user) || admin_.is_admin(user)) return true;
    const UserSet& blockers = graph_.blockers(user);
    for (const auto& host : replay.hosts)
        if (blockers.contains(host.id)) return false;
    if (!audience->restricted) return true;
    // join_refusal() lets anyone into a club that is gone: the club must still be there.
    if (audience->club && clubs_.find(*audience->club) &&
        !clubs_.join_refusal(user, *audience->club))
        return true;
    return store_.listener(replay.id, user);
}

std::uint64_t ReplayIntents::stored_bytes() {
    if (!stored_bytes_) stored_bytes_ = store_.total_bytes();
    return *stored_bytes_;
}

std::uint64_t ReplayIntents::used_bytes() {
    std::uint64_t used = stored_bytes() + finishing_bytes_;
    for (const auto& [room, recording] : recordings_) used += recording.recorder->bytes();
    return used;
}

void ReplayIntents::handle(Request& r, const protocol::StartRecording&) {
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    const room::Member* me = live->room.find(r.user());
    if (!me || me->role != room::Role::moderator)
        return connections_.reject(r.id, ErrorCode::forbidden, r.type);
    if (options_.replay_dir.empty())
        return connections_.reject(r.id, ErrorCode::recording_unavailable, r.type);
    if (recordings_.contains(live->room.id()))
        return connections_.reject(r.id, ErrorCode::already_recording, r.type);
    if (const auto used = used_bytes(); used >= options_.replay_quota_bytes)
        return connections_.reject(r.id, ErrorCode::replay_quota_full, r.type,
                                   "The server's space for replays is full (" +
                                       std::to_string(used) + " of " +
                                       std::to_string(options_.replay_quota_bytes) +
                                       " bytes): delete a replay before recording again.");

    Recording recording{auth::new_room_id(),
                        live->room.id(),
                        live->room.title(),
                        options_.unix_now(),
                        {},
                        r.user(),
                        nullptr,
                        {}};
    for (const auto& member : live->room.members()) {
        if (member.role == room::Role::moderator) recording.hosts.insert(member.id);
        recording.heard.insert(member.id);
    }
    note_access(recording, live->room);
    // The recorder's thread creates the file: no disk work here.
    recording.recorder = std::make_unique<media::Recorder>(path_of(recording.replay_id),
                                                           recording.title, options_.steady_now());
    live->recorder = recording.recorder.get();
    spdlog::info("room {}: @{} started recording (replay {})", live->room.id(),
                 r.connection.user->handle, recording.replay_id);
    recordings_.emplace(live->room.id(), std::move(recording));
    broadcaster_.send_members(live->room, protocol::RoomRecording{live->room.id(), true});
}

void ReplayIntents::handle(Request& r, const protocol::StopRecording&) {
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    const room::Member* me = live->room.find(r.user());
    if (!me || me->role != room::Role::moderator)
        return connections_.reject(r.id, ErrorCode::forbidden, r.type);
    auto it = recordings_.find(live->room.id());
    if (it == recordings_.end()) return connections_.reject(r.id, ErrorCode::not_recording, r.type);
    stop(it);
}

void ReplayIntents::after(Request& r, const protocol::JoinRoom&) {
    if (!r.connection.user) return;
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return;
    if (auto it = recordings_.find(live->room.id()); it != recordings_.end()) {
        it->second.heard.insert(r.user());
        connections_.send(r.id, protocol::RoomRecording{live->room.id(), true});
    }
}

void ReplayIntents::stop(Recordings::iterator it, std::optional<ErrorCode> reason) {
    auto recording = std::make_shared<Recording>(std::move(it->second));
    recordings_.erase(it);
    if (LiveRoom* live = rooms_.find(recording->room)) {
        live->recorder = nullptr;
        // Whoever moderated while it ran hosts the replay too.
        for (const auto& member : live->room.members())
            if (member.role == room::Role::moderator) recording->hosts.insert(member.id);
        note_access(*recording, live->room);
        broadcaster_.send_members(live->room, protocol::RoomRecording{recording->room, false});
    }
    if (reason)
        for (UserId host : recording->hosts)
            connections_.send_user(host, protocol::make_error(*reason, "start_recording"));
    finishing_bytes_ += recording->recorder->bytes();
    to_finish_.emplace_back(std::move(recording), options_.steady_now());
    hand_over();
}

void ReplayIntents::hand_over() {
    while (!to_finish_.empty()) {
        // Named copies, not a structured binding: lambdas capture them (clang 14).
        const auto recording = to_finish_.front().first;
        const auto end = to_finish_.front().second;
        const bool taken = options_.offload([this, recording, end]() -> std::function<void()> {
            auto result = recording->recorder->finish(end);
            return [this, recording, result] { saved(*recording, result); };
        });
        if (!taken) return;  // the workers are busy: the next tick tries again
        to_finish_.erase(to_finish_.begin());
    }
}

void ReplayIntents::saved(const Recording& recording, const media::RecordingResult& result) {
    const std::uint64_t counted = std::min(finishing_bytes_, recording.recorder->bytes());
    finishing_bytes_ -= counted;
    if (!result.ok) {
        spdlog::error("room {}: the recording was lost: {}", recording.room, result.error);
        for (UserId host : recording.hosts)
            connections_.send_user(host, protocol::make_error(ErrorCode::internal, "stop_recording",
                                                              "The recording could not be saved."));
        return;
    }
    protocol::Replay replay{recording.replay_id,
                            recording.room,
                            recording.title,
                            recording.started,
                            result.duration_ms,
                            static_cast<std::int64_t>(result.bytes),
                            {}};
    for (UserId host : recording.hosts) replay.hosts.push_back({host, "", "", 0});
    const std::vector<UserId> heard(recording.heard.begin(), recording.heard.end());
    store_.insert(replay, {recording.restricted, recording.club}, heard);
    stored_bytes_ = stored_bytes() + result.bytes;
    spdlog::info("room {}: replay {} saved ({} ms, {} bytes, {} packets, {} late)", recording.room,
                 replay.id, result.duration_ms, result.bytes, result.packets, result.packets_late);
    const auto stored = store_.find(replay.id);
    if (!stored) return;
    const protocol::ReplayReady ready{*stored};
    std::set<UserId> told;
    for (const auto& host : stored->hosts) {
        connections_.send_user(host.id, ready);
        told.insert(host.id);
    }
    if (LiveRoom* live = rooms_.find(recording.room)) {
        for (const auto& member : live->room.members())
            if (!told.contains(member.id)) connections_.send_user(member.id, ready);
    } else {
        // The room ended: whoever was in it while it was recorded may be on its page.
        for (UserId user : recording.heard)
            if (!told.contains(user)) connections_.send_user(user, ready);
    }
}

void ReplayIntents::tick() {
    const auto now = options_.steady_now();
    for (auto& [room, recording] : recordings_) {
        recording.recorder->tick(now);
        if (const LiveRoom* live = rooms_.find(room)) note_access(recording, live->room);
    }
    // Rooms that ended took their recording's end with them.
    for (auto it = recordings_.begin(); it != recordings_.end();) {
        auto next = std::next(it);
        if (!rooms_.find(it->first)) stop(it);
        it = next;
    }
    if (!recordings_.empty() && used_bytes() > options_.replay_quota_bytes) {
        spdlog::warn("the replay quota ({} bytes) is full: stopping {} recording(s)",
                     options_.replay_quota_bytes, recordings_.size());
        while (!recordings_.empty()) stop(recordings_.begin(), ErrorCode::replay_quota_full);
    }
    hand_over();
}

void ReplayIntents::stop_all() {
    while (!recordings_.empty()) {
        auto it = recordings_.begin();
        if (LiveRoom* live = rooms_.find(it->first)) live->recorder = nullptr;
        auto recording = std::make_shared<Recording>(std::move(it->second));
        recordings_.erase(it);
        finishing_bytes_ += recording->recorder->bytes();
        to_finish_.emplace_back(std::move(recording), options_.steady_now());
    }
    // On this thread: the event loop is stopping, and the files must be complete.
    for (auto& [recording, end] : std::exchange(to_finish_, {}))
        saved(*recording, recording->recorder->finish(end));
}

void ReplayIntents::handle(Request& r, const protocol::ListReplays& m) {
    if (m.room.has_value() == m.user.has_value())
        return connections_.reject(r.id, ErrorCode::bad_message, r.type,
                                   "list_replays: give exactly one of 'room' and 'user'.");
    protocol::Replays answer{m.room, m.user, {}, std::nullopt, std::nullopt};
    answer.items = m.room ? store_.of_room(*m.room, kMaxReplaysListed)
                          : store_.hosted_by(*m.user, kMaxReplaysListed);
    std::erase_if(answer.items,
                  [&](const protocol::Replay& replay) { return !may_hear(replay, r.user()); });
    // A room's page says what became of the room: live, ended (its row stays 30 days,
    // its replays longer), or unknown.
    if (m.room) {
        if (const LiveRoom* live = rooms_.find(*m.room)) {
            answer.room_title = live->room.title();
            answer.ended = false;
        } else if (auto known = store_.known_room(*m.room)) {
            answer.room_title = std::move(known->title);
            answer.ended = true;  // a row without an end and no live room ended in a crash
        } else if (!answer.items.empty()) {
            answer.room_title = answer.items.front().title;
            answer.ended = true;
        }
    }
    connections_.send(r.id, answer);
}

void ReplayIntents::handle(Request& r, const protocol::DeleteReplay& m) {
    const auto replay = store_.find(m.id);
    if (!replay || !may_hear(*replay, r.user()))
        return connections_.reject(r.id, ErrorCode::replay_not_found, r.type);
    if (!hosted_by(*replay, r.user()) && !admin_.is_admin(r.user()))
        return connections_.reject(r.id, ErrorCode::not_replay_host, r.type);
    store_.remove(m.id);
    stored_bytes_ = stored_bytes() - std::min<std::uint64_t>(
                                         stored_bytes(), static_cast<std::uint64_t>(replay->bytes));
    std::erase_if(links_, [&](const auto& link) { return link.second.replay == m.id; });
    spdlog::info("replay {} deleted by user {}", m.id, r.user());
    const auto id = r.id;
    const std::string replay_id = m.id;
    // Unlinking the file is disk work: a worker does it. Should none take it now, the
    // file stays as an orphan no link reaches (the space is already counted as free).
    const bool taken = options_.offload([this, id, replay_id,
                                         path = path_of(m.id)]() -> std::function<void()> {
        std::error_code ec;
        std::filesystem::remove(path, ec);
        if (ec)
            spdlog::warn("replay {}: could not delete {}: {}", replay_id, path.string(),
                         ec.message());
        return [this, id, replay_id] { connections_.send(id, protocol::ReplayDeleted{replay_id}); };
    });
    if (!taken) {
        spdlog::warn("replay {}: no worker free to delete its file", m.id);
        connections_.send(id, protocol::ReplayDeleted{replay_id});
    }
}

void ReplayIntents::handle(Request& r, const protocol::GetReplayLink& m) {
    const auto replay = store_.find(m.id);
    if (!replay || !may_hear(*replay, r.user()))
        return connections_.reject(r.id, ErrorCode::replay_not_found, r.type);
    const auto expires =
        options_.unix_now() +
        std::chrono::duration_cast<std::chrono::seconds>(kReplayLinkLifetime).count();
    std::string key = new_link_key();
    links_[key] = Link{m.id, expires};
    connections_.send(r.id,
                      protocol::ReplayLink{m.id, "/replays/" + m.id + ".ogg?key=" + key, expires});
}

void ReplayIntents::forget_expired_links() {
    const auto now = options_.unix_now();
    std::erase_if(links_, [&](const auto& link) { return link.second.expires <= now; });
}

std::optional<ReplayFile> ReplayIntents::file(std::string_view id, std::string_view key,
                                              std::string_view bearer) {
    const auto replay = store_.find(id);
    if (!replay) return std::nullopt;
    bool allowed = false;
    if (!key.empty()) {
        // Handed out to someone who could hear it then.
        auto link = links_.find(key);
        allowed = link != links_.end() && link->second.replay == id &&
                  link->second.expires > options_.unix_now();
    } else if (!bearer.empty()) {
        const auto resumed = accounts_.resume(bearer);
        const auto* signed_in = std::get_if<auth::SignedIn>(&resumed);
        allowed = signed_in && may_hear(*replay, signed_in->user.id);
    }
    if (!allowed) return std::nullopt;
    return ReplayFile{path_of(id), std::string(id)};
}

}  // namespace salotto::service
