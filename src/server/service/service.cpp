// Signalling service; see service.hpp and docs/protocol.md.
#include "server/service/service.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/protocol/codec.hpp"
#include "core/validation.hpp"

namespace salotto::service {

namespace {

// Intents a connection may send before it has a session.
bool allowed_signed_out(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::Hello>(intent) ||
           std::holds_alternative<protocol::Signup>(intent) ||
           std::holds_alternative<protocol::Login>(intent) ||
           std::holds_alternative<protocol::Resume>(intent) ||
           std::holds_alternative<protocol::Ping>(intent);
}

bool is_hand_toggle(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::RaiseHand>(intent) ||
           std::holds_alternative<protocol::LowerHand>(intent);
}

// Intents whose effect goes out to other people (a room's members, or everyone for a
// new room): these count against the user's room allowance.
bool fans_out(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::CreateRoom>(intent) ||
           std::holds_alternative<protocol::JoinRoom>(intent) ||
           std::holds_alternative<protocol::LeaveRoom>(intent) || is_hand_toggle(intent) ||
           std::holds_alternative<protocol::InviteSpeaker>(intent) ||
           std::holds_alternative<protocol::MoveToAudience>(intent) ||
           std::holds_alternative<protocol::MakeModerator>(intent) ||
           std::holds_alternative<protocol::SetMute>(intent) ||
           std::holds_alternative<protocol::EndRoom>(intent);
}

bool is_sign_in(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::Signup>(intent) ||
           std::holds_alternative<protocol::Login>(intent) ||
           std::holds_alternative<protocol::Resume>(intent);
}

// Room ids are random; a clash with a stored id is possible only in theory.
constexpr int kRoomIdAttempts = 8;

}  // namespace

// Every entry point runs its work through here: one connection's failure (a storage
// error, an allocation, a bug) is logged and answered, and never reaches the event
// loop, which forwards every room's audio.
template <class Work>
void Service::guarded(std::optional<ConnectionId> id, std::string_view what, Work&& work) noexcept {
    try {
        work();
        return;
    } catch (const std::exception& e) {
        spdlog::error("{} (connection {}) failed: {}", what, id.value_or(0), e.what());
    } catch (...) {
        spdlog::error("{} (connection {}) failed with an unknown exception", what, id.value_or(0));
    }
    if (!id) return;
    try {
        reject(*id, ErrorCode::internal, "");
    } catch (...) {
        // Not even an error could be queued (out of memory): the close that follows
        // such a failure is the transport's.
    }
}

Service::Service(auth::Accounts& accounts, storage::Store& store, Outbox& outbox,
                 ServiceOptions options)
    : accounts_(accounts), store_(store), outbox_(outbox), options_(std::move(options)) {}

void Service::open(ConnectionId connection, std::string_view address) {
    guarded(connection, "open", [&] {
        auto [it, inserted] = connections_.try_emplace(connection, options_.steady_now());
        it->second.address = address;
    });
}

void Service::text(ConnectionId id, std::string_view frame) {
    guarded(id, "text frame", [&] { handle_text(id, frame); });
}

void Service::binary(ConnectionId id, std::span<const std::uint8_t> frame) {
    guarded(id, "audio frame", [&] { handle_binary(id, frame); });
}

void Service::handle_text(ConnectionId id, std::string_view frame) {
    auto found = connections_.find(id);
    if (found == connections_.end()) return;
    Connection& connection = found->second;

    auto decoded = protocol::decode_intent(frame);
    const auto* intent = std::get_if<protocol::Intent>(&decoded);
    const std::string_view type =
        intent ? protocol::type_of(*intent) : std::get<protocol::DecodeError>(decoded).in;

    if (connection.cut_off) return;
    if (!connection.intents.take(options_.steady_now()))
        return reject_for_rate(id, connection, type);
    if (!intent) {
        const auto& error = std::get<protocol::DecodeError>(decoded);
        return reject(id, error.code, error.in, error.message);
    }
    if (!connection.greeted && !std::holds_alternative<protocol::Hello>(*intent))
        return reject(id, ErrorCode::hello_required, type);
    if (!connection.user && !allowed_signed_out(*intent))
        return reject(id, ErrorCode::not_signed_in, type);
    if (is_sign_in(*intent) && !connection.user && !connection.sign_ins.take(options_.steady_now()))
        return reject_for_rate(id, connection, type);
    if (connection.user && !user_allows(connection.user->id, *intent))
        return reject_for_rate(id, connection, type);

    Request request{id, connection, type};
    try {
        dispatch(request, *intent);
    } catch (const std::exception& e) {
        spdlog::error("connection {}: {} failed: {}", id, type, e.what());
        reject(id, ErrorCode::internal, type);
    }
}

void Service::handle_binary(ConnectionId id, std::span<const std::uint8_t> frame) {
    auto found = connections_.find(id);
    if (found == connections_.end()) return;
    Connection& connection = found->second;
    ++audio_counters_.frames_in;
    const auto now = options_.steady_now();

    if (connection.cut_off) return;
    if (!connection.frames.take(now) ||
        !connection.audio_bytes.take(now, static_cast<double>(frame.size()))) {
        if (!connection.strikes.take(now))
            return cut_off(id, connection, ErrorCode::rate_limited,
                           "Too many audio frames or bytes; disconnected.");
        return reject_audio(id, connection, ErrorCode::rate_limited, now);
    }
    if (!connection.user) return reject_audio(id, connection, ErrorCode::binary_unsupported, now);
    const UserId user = connection.user->id;
    auto audio = user_audio_.find(user);
    if (audio == user_audio_.end() || audio->second != id)
        return reject_audio(id, connection, ErrorCode::audio_not_started, now);
    const auto upstream = protocol::read_upstream(frame);
    if (!upstream) return reject_audio(id, connection, ErrorCode::bad_audio, now);
    LiveRoom* live = room_of(user);
    if (!live) return reject_audio(id, connection, ErrorCode::not_in_room, now);
    // The route lists the stage, so a speaker is found without scanning a room of
    // thousands; only a rejected frame looks the member up.
    const auto& stage = route(*live).stage;
    const auto speaker = std::find_if(stage.begin(), stage.end(),
                                      [&](const StageListener& s) { return s.user == user; });
    if (speaker == stage.end()) {
        const room::Member* me = live->room.find(user);
        return reject_audio(id, connection, me ? ErrorCode::not_on_stage : ErrorCode::not_in_room,
                            now);
    }
    if (speaker->muted) return reject_audio(id, connection, ErrorCode::muted, now);
    forward(*live, user, *upstream);
}

void Service::close(ConnectionId id) {
    auto found = connections_.find(id);
    if (found == connections_.end()) return;
    guarded(std::nullopt, "closing connection " + std::to_string(id),
            [&] { detach(id, found->second); });
    connections_.erase(id);
}

void Service::dispatch(Request& r, const protocol::Intent& intent) {
    std::visit([&](const auto& m) { handle(r, m); }, intent);
}

// ---- session ------------------------------------------------------------------------

void Service::handle(Request& r, const protocol::Hello& m) {
    if (m.v != protocol::kVersion)
        return reject(
            r.id, ErrorCode::unsupported_version, r.type,
            "This server speaks protocol version " + std::to_string(protocol::kVersion) + ".");
    r.connection.greeted = true;
    send(r.id, protocol::Welcome{protocol::kVersion, options_.server_name});
}

void Service::handle(Request& r, const protocol::Signup& m) {
    if (r.connection.user) return reject(r.id, ErrorCode::already_signed_in, r.type);
    if (r.connection.checking_password)
        return reject(r.id, ErrorCode::password_check_pending, r.type);
    if (!address_allows_sign_in(r.connection)) return reject(r.id, ErrorCode::rate_limited, r.type);
    auto check = accounts_.check_signup(m);
    if (const auto* error = std::get_if<ErrorCode>(&check)) return reject(r.id, *error, r.type);
    auto ready = std::make_shared<auth::SignupCheck>(std::move(std::get<auth::SignupCheck>(check)));
    check_password_off_loop<std::optional<std::string>>(
        r,
        [ready, cost = accounts_.password_cost()] {
            return auth::hash_password(ready->request.password, cost);
        },
        [this, ready](Request& request, const std::optional<std::string>& hash) {
            sign_in(request, accounts_.finish_signup(*ready, hash));
        });
}

void Service::handle(Request& r, const protocol::Login& m) {
    if (r.connection.user) return reject(r.id, ErrorCode::already_signed_in, r.type);
    if (r.connection.checking_password)
        return reject(r.id, ErrorCode::password_check_pending, r.type);
    if (!address_allows_sign_in(r.connection)) return reject(r.id, ErrorCode::rate_limited, r.type);
    auto check = std::make_shared<auth::LoginCheck>(accounts_.check_login(m));
    check_password_off_loop<bool>(
        r,
        [check, password = m.password] {
            return auth::verify_password(password, check->password_hash);
        },
        [this, check](Request& request, const bool& verified) {
            sign_in(request, accounts_.finish_login(*check, verified));
        });
}

void Service::handle(Request& r, const protocol::Resume& m) {
    if (r.connection.user) return reject(r.id, ErrorCode::already_signed_in, r.type);
    if (r.connection.checking_password)
        return reject(r.id, ErrorCode::password_check_pending, r.type);
    sign_in(r, accounts_.resume(m.token));
}

void Service::reject_for_rate(ConnectionId id, Connection& connection, std::string_view in) {
    if (!connection.strikes.take(options_.steady_now()))
        return cut_off(id, connection, ErrorCode::rate_limited,
                       "Too many requests for too long; disconnected.");
    reject(id, ErrorCode::rate_limited, in);
}

void Service::cut_off(ConnectionId id, Connection& connection, ErrorCode code,
                      std::string_view message) {
    spdlog::warn("connection {} ({}): disconnected: {}", id, connection.address, message);
    reject(id, code, "", message);
    connection.cut_off = true;
    outbox_.disconnect(id);
}

bool Service::user_allows(UserId user, const protocol::Intent& intent) {
    if (!fans_out(intent)) return true;
    const auto now = options_.steady_now();
    auto& limits = user_limits_.try_emplace(user, now).first->second;
    if (std::holds_alternative<protocol::CreateRoom>(intent) && !limits.room_creations.take(now))
        return false;
    if (is_hand_toggle(intent) && !limits.hand_toggles.take(now)) return false;
    return limits.room_intents.take(now);
}

void Service::sweep() {
    guarded(std::nullopt, "sweep", [&] {
        const auto now = options_.steady_now();
        std::vector<ConnectionId> late;
        for (auto& [id, connection] : connections_) {
            if (connection.cut_off || connection.user || connection.checking_password) continue;
            const auto age = now - connection.opened;
            if ((!connection.greeted && age >= kHelloDeadline) || age >= kSignInDeadline)
                late.push_back(id);
        }
        for (ConnectionId id : late) {
            Connection& connection = connections_.at(id);
            if (!connection.greeted)
                cut_off(id, connection, ErrorCode::hello_required,
                        "No hello within " + std::to_string(kHelloDeadline.count()) +
                            " seconds; disconnected.");
            else
                cut_off(id, connection, ErrorCode::not_signed_in,
                        "Not signed in within " +
                            std::to_string(
                                std::chrono::duration_cast<std::chrono::seconds>(kSignInDeadline)
                                    .count()) +
                            " seconds; disconnected.");
        }
        std::vector<UserId> seats_lost;
        for (const auto& [user, until] : away_)
            if (now >= until) seats_lost.push_back(user);
        for (UserId user : seats_lost) {
            away_.erase(user);
            if (!user_connections_.contains(user)) leave_current_room(user);
        }
        if (!last_prune_ || now - *last_prune_ >= kPruneInterval) {
            last_prune_ = now;
            if (const int pruned = accounts_.prune(); pruned > 0)
                spdlog::info("pruned {} expired session(s) and long-ended room(s)", pruned);
        }
        std::erase_if(address_sign_ins_, [&](auto& entry) { return entry.second.full(now); });
        std::erase_if(user_limits_, [&](auto& entry) {
            auto& limits = entry.second;
            return limits.room_creations.full(now) && limits.hand_toggles.full(now) &&
                   limits.room_intents.full(now);
        });
    });
}

bool Service::address_allows_sign_in(const Connection& connection) {
    const auto now = options_.steady_now();
    auto [it, inserted] = address_sign_ins_.try_emplace(connection.address, kAddressSignInBurst,
                                                        kAddressSignInsPerSecond, now);
    return it->second.take(now);
}

template <class Value>
void Service::check_password_off_loop(Request& r, std::function<Value()> slow,
                                      std::function<void(Request&, const Value&)> finish) {
    r.connection.checking_password = true;
    const ConnectionId id = r.id;
    const std::string_view type = r.type;  // a message's kType: a static string
    const bool taken = options_.offload([this, id, type, slow = std::move(slow),
                                         finish = std::move(finish)]() -> std::function<void()> {
        std::optional<Value> value;
        try {
            value = slow();
        } catch (const std::exception& e) {
            spdlog::error("connection {}: {} failed on a worker: {}", id, type, e.what());
        }
        return [this, id, type, value = std::move(value), finish = std::move(finish)] {
            guarded(id, type, [&] {
                auto found = connections_.find(id);
                // Closed meanwhile: the result has nobody to go to.
                if (found == connections_.end() || !found->second.checking_password) return;
                found->second.checking_password = false;
                if (!value) return reject(id, ErrorCode::internal, type);
                Request request{id, found->second, type};
                finish(request, *value);
            });
        };
    });
    if (!taken) {
        r.connection.checking_password = false;
        reject(id, ErrorCode::server_busy, type);
    }
}

void Service::sign_in(Request& r, const auth::Result<auth::SignedIn>& result) {
    if (const auto* error = std::get_if<ErrorCode>(&result)) return reject(r.id, *error, r.type);
    const auto& signed_in = std::get<auth::SignedIn>(result);
    r.connection.user = signed_in.user;
    r.connection.session = signed_in.token_hash;
    user_connections_[signed_in.user.id].insert(r.id);
    away_.erase(signed_in.user.id);  // back in time for a kept seat
    spdlog::info("connection {}: signed in as @{} ({})", r.id, signed_in.user.handle, r.type);

    send(r.id, protocol::Session{signed_in.token, signed_in.user});
    send(r.id, hallway());
    // Another tab of the same user may already be in a room: show it here too.
    if (LiveRoom* live = room_of(signed_in.user.id))
        send(r.id, protocol::RoomState{live->room.snapshot()});
}

void Service::keep_seat_or_leave(UserId user) {
    LiveRoom* live = room_of(user);
    if (!live) return;
    const room::Member* member = live->room.find(user);
    if (member && member->role != room::Role::audience) {
        away_[user] = options_.steady_now() + kSeatGrace;
        spdlog::info("@{} dropped off the stage of room {}; the seat is kept for {} s",
                     member->handle, live->room.id(), kSeatGrace.count());
        return;
    }
    leave_current_room(user);
}

void Service::save_stages() {
    guarded(std::nullopt, "saving stages", [&] {
        std::vector<storage::SeatedRoom> rooms;
        for (const auto& [id, live] : rooms_) {
            storage::SeatedRoom saved{id, live.room.title(), {}};
            for (const auto& member : live.room.members())
                if (member.role != room::Role::audience)
                    saved.seats.push_back({member.id, member.role});
            if (!saved.seats.empty()) rooms.push_back(std::move(saved));
        }
        store_.save_seats(rooms);
        spdlog::info("saved the stages of {} live room(s) for the next start", rooms.size());
    });
}

int Service::restore_stages() {
    int restored = 0;
    guarded(std::nullopt, "restoring stages", [&] {
        const auto until = options_.steady_now() + kRestoredSeatGrace;
        for (const auto& saved : store_.take_seated_rooms()) {
            std::vector<std::pair<protocol::User, room::Role>> seats;
            for (const auto& seat : saved.seats)
                if (auto user = accounts_.user(seat.user); user && !room_of(user->id))
                    seats.emplace_back(*user, seat.role);
            // The first moderator opens the room again; a stage without one gets its
            // first speaker as moderator, as a room always has one.
            std::stable_partition(seats.begin(), seats.end(), [](const auto& seat) {
                return seat.second == room::Role::moderator;
            });
            if (seats.empty()) {
                store_.end_room(saved.id, options_.unix_now());
                continue;
            }
            const auto& [first, first_role] = seats.front();
            auto [it, inserted] = rooms_.try_emplace(
                saved.id,
                LiveRoom{room::Room(saved.id, saved.title, {first.id, first.handle, first.name}),
                         ++rooms_opened_, AudioRoute(audio_pool_)});
            room::Room& room = it->second.room;
            for (std::size_t i = 1; i < seats.size(); ++i) {
                const auto& [user, role] = seats[i];
                room.join({user.id, user.handle, user.name});
                room.invite_speaker(first.id, user.id);
                if (role == room::Role::moderator) room.make_moderator(first.id, user.id);
            }
            for (const auto& [user, role] : seats) {
                user_room_[user.id] = saved.id;
                away_[user.id] = until;
            }
            it->second.hallway_sent = room.summary();
            ++restored;
        }
    });
    return restored;
}

void Service::handle(Request& r, const protocol::Logout&) {
    const auth::TokenHash session = r.connection.session;
    accounts_.logout(session);
    // Tabs of one browser share the stored token: sign out every connection on it.
    sign_out_connections(
        r.user(), [&](const Connection& connection) { return connection.session == session; });
}

void Service::handle(Request& r, const protocol::LogoutEverywhere&) {
    const UserId user = r.user();
    accounts_.logout_everywhere(user);
    sign_out_connections(user, [](const Connection&) { return true; });
}

void Service::handle(Request& r, const protocol::ChangePassword& m) {
    if (r.connection.checking_password)
        return reject(r.id, ErrorCode::password_check_pending, r.type);
    auto check = accounts_.check_password_change(r.user(), m);
    if (const auto* error = std::get_if<ErrorCode>(&check)) return reject(r.id, *error, r.type);
    auto ready = std::make_shared<auth::LoginCheck>(std::move(std::get<auth::LoginCheck>(check)));
    struct Checked {
        bool verified = false;
        std::optional<std::string> new_hash;
    };
    check_password_off_loop<Checked>(
        r,
        [ready, m, cost = accounts_.password_cost()] {
            Checked checked{auth::verify_password(m.password, ready->password_hash), std::nullopt};
            if (checked.verified) checked.new_hash = auth::hash_password(m.new_password, cost);
            return checked;
        },
        [this, ready](Request& request, const Checked& checked) {
            if (!request.connection.user) return;  // signed out meanwhile
            auto result = accounts_.finish_password_change(
                *ready, checked.verified, checked.new_hash, request.connection.session);
            if (const auto* error = std::get_if<ErrorCode>(&result))
                return reject(request.id, *error, request.type);
            spdlog::info("@{} changed their password; other sessions revoked",
                         request.connection.user->handle);
            send(request.id, protocol::PasswordChanged{});
            const auth::TokenHash kept = request.connection.session;
            sign_out_connections(request.user(), [&](const Connection& connection) {
                return connection.session != kept;
            });
        });
}

void Service::sign_out_connections(UserId user,
                                   const std::function<bool(const Connection&)>& leaving) {
    std::vector<ConnectionId> signing_out;
    for (const auto& [id, connection] : connections_)
        if (connection.user && connection.user->id == user && leaving(connection))
            signing_out.push_back(id);
    if (signing_out.size() == user_connections_[user].size()) leave_current_room(user);
    for (ConnectionId id : signing_out) {
        detach(id, connections_.at(id));
        send(id, protocol::LoggedOut{});
    }
    if (user_connections_[user].empty()) user_connections_.erase(user);
}

void Service::detach(ConnectionId id, Connection& connection) {
    if (!connection.user) return;
    const UserId user = connection.user->id;
    if (auto audio = user_audio_.find(user); audio != user_audio_.end() && audio->second == id) {
        user_audio_.erase(audio);
        audio_route_changed(user);
    }
    auto& mine = user_connections_[user];
    if (mine.size() == 1 && mine.contains(id)) keep_seat_or_leave(user);
    mine.erase(id);
    if (mine.empty()) user_connections_.erase(user);
    connection.user.reset();
    connection.session.clear();
}

// ---- invites and profiles -----------------------------------------------------------

void Service::handle(Request& r, const protocol::CreateInvite&) {
    auto result = accounts_.create_invite(r.user());
    if (const auto* error = std::get_if<ErrorCode>(&result)) return reject(r.id, *error, r.type);
    send(r.id, std::get<protocol::Invite>(result));
}

void Service::handle(Request& r, const protocol::ListInvites&) {
    send(r.id, accounts_.list_invites(r.user()));
}

void Service::handle(Request& r, const protocol::GetProfile& m) {
    auto result = accounts_.profile(m.handle);
    if (const auto* error = std::get_if<ErrorCode>(&result)) return reject(r.id, *error, r.type);
    send(r.id, std::get<protocol::Profile>(result));
}

// ---- rooms --------------------------------------------------------------------------

void Service::handle(Request& r, const protocol::CreateRoom& m) {
    if (!validation::is_valid_room_title(m.title))
        return reject(r.id, ErrorCode::title_invalid, r.type);
    const protocol::User& me = *r.connection.user;

    std::string id;
    for (int attempt = 0; attempt < kRoomIdAttempts && id.empty(); ++attempt) {
        std::string candidate = auth::new_room_id();
        if (!rooms_.contains(candidate) &&
            store_.insert_room(candidate, m.title, me.id, options_.unix_now()))
            id = std::move(candidate);
    }
    if (id.empty()) return reject(r.id, ErrorCode::internal, r.type);

    leave_current_room(me.id);
    auto [it, inserted] = rooms_.try_emplace(
        id, LiveRoom{room::Room(id, m.title, room::Person{me.id, me.handle, me.name}),
                     ++rooms_opened_, AudioRoute(audio_pool_)});
    user_room_[me.id] = id;
    spdlog::info("room {} opened by @{}", id, me.handle);
    send_user(me.id, protocol::RoomState{it->second.room.snapshot()});
    // An opening goes out at once: people look for the room they were told about.
    it->second.hallway_sent = it->second.room.summary();
    send_signed_in(protocol::HallwayRoom{it->second.hallway_sent});
}

void Service::handle(Request& r, const protocol::JoinRoom& m) {
    auto it = rooms_.find(m.room);
    if (it == rooms_.end()) return reject(r.id, ErrorCode::room_not_found, r.type);
    const protocol::User& me = *r.connection.user;
    room::Room& target = it->second.room;
    if (target.contains(me.id)) return send(r.id, protocol::RoomState{target.snapshot()});

    leave_current_room(me.id);
    const auto before = target.summary();
    auto outcome = target.join(room::Person{me.id, me.handle, me.name});
    if (!outcome.ok()) return reject(r.id, *outcome.error, r.type);
    user_room_[me.id] = target.id();
    send_user(me.id, protocol::RoomState{target.snapshot()});
    publish(it->second, outcome, before);
}

void Service::handle(Request& r, const protocol::LeaveRoom&) {
    if (!room_of(r.user())) return reject(r.id, ErrorCode::not_in_room, r.type);
    leave_current_room(r.user());
}

void Service::handle(Request& r, const protocol::RaiseHand&) {
    room_action(r, [&](room::Room& room) { return room.raise_hand(r.user()); });
}

void Service::handle(Request& r, const protocol::LowerHand&) {
    room_action(r, [&](room::Room& room) { return room.lower_hand(r.user()); });
}

void Service::handle(Request& r, const protocol::InviteSpeaker& m) {
    room_action(r, [&](room::Room& room) { return room.invite_speaker(r.user(), m.user); });
}

void Service::handle(Request& r, const protocol::MoveToAudience& m) {
    room_action(r, [&](room::Room& room) { return room.move_to_audience(r.user(), m.user); });
}

void Service::handle(Request& r, const protocol::MakeModerator& m) {
    room_action(r, [&](room::Room& room) { return room.make_moderator(r.user(), m.user); });
}

void Service::handle(Request& r, const protocol::EndRoom&) {
    room_action(r, [&](room::Room& room) { return room.end(r.user()); });
}

void Service::handle(Request& r, const protocol::Ping&) {
    send(r.id, protocol::Pong{});
}

void Service::handle(Request& r, const protocol::SetMute& m) {
    room_action(r, [&](room::Room& room) { return room.set_muted(r.user(), m.muted); });
}

// ---- audio --------------------------------------------------------------------------

void Service::handle(Request& r, const protocol::StartAudio&) {
    const UserId user = r.user();
    auto [it, inserted] = user_audio_.try_emplace(user, r.id);
    if (!inserted && it->second != r.id) {
        // One audio connection per user: the newest wins (a reloaded tab, a device).
        send(std::exchange(it->second, r.id), protocol::AudioStopped{});
    }
    audio_route_changed(user);
    send(r.id, protocol::AudioStarted{});
}

void Service::handle(Request& r, const protocol::StopAudio&) {
    const UserId user = r.user();
    if (auto it = user_audio_.find(user); it != user_audio_.end() && it->second == r.id) {
        user_audio_.erase(it);
        audio_route_changed(user);
    }
    send(r.id, protocol::AudioStopped{});
}

void Service::reject_audio(ConnectionId id, Connection& connection, ErrorCode code,
                           TokenBucket::Clock::time_point now) {
    ++audio_counters_.frames_rejected;
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
    reject(id, code, "", message);
}

void Service::forward(LiveRoom& live, UserId speaker, protocol::AudioFrame frame) {
    const AudioRoute& listeners = route(live);
    frame.speaker = static_cast<std::uint32_t>(speaker);
    const bool coalesce =
        options_.audience_batch.count() > 0 &&
        !(options_.adaptive_audience_batch && audience_hears_at_once(listeners.audience.size()));

    const bool stage_hears = listeners.stage.size() > 1;  // the speaker is one of them
    if (stage_hears || (!coalesce && !listeners.audience.empty())) {
        BatchBuilder builder(audio_pool_);
        builder.add(frame);
        const AudioMessage message = builder.finish();
        ++audio_counters_.batches_built;
        for (const auto& listener : listeners.stage) {
            if (listener.user == speaker) continue;
            outbox_.send_audio(listener.connection, message);
            ++audio_counters_.frames_forwarded;
        }
        if (!coalesce) {
            for (ConnectionId connection : listeners.audience)
                outbox_.send_audio(connection, message);
            audio_counters_.frames_forwarded += listeners.audience.size();
        }
    }
    if (!coalesce || listeners.audience.empty()) return;

    live.audio.batches.add(frame, [&](int group, const AudioMessage& message) {
        send_audience(listeners, group, message);
    });
}

void Service::flush_audio(int intervals) {
    guarded(std::nullopt, "audio flush", [&] { flush_audio_batches(intervals); });
}

void Service::flush_audio_batches(int intervals) {
    for (auto& [id, live] : rooms_) {
        const AudioRoute& listeners = route(live);
        const int groups = options_.adaptive_audience_batch
                               ? audience_batch_intervals(listeners.audience.size())
                               : 1;
        live.audio.batches.tick(intervals, groups, [&](int group, const AudioMessage& message) {
            send_audience(listeners, group, message);
        });
    }
}

void Service::flush_room(LiveRoom& live) {
    live.audio.batches.flush(
        [&](int group, const AudioMessage& message) { send_audience(live.audio, group, message); });
}

void Service::send_audience(const AudioRoute& route, int group, const AudioMessage& message) {
    const std::size_t step = static_cast<std::size_t>(route.batches.groups());
    std::size_t listeners = 0;
    for (std::size_t i = static_cast<std::size_t>(group); i < route.audience.size(); i += step) {
        outbox_.send_audio(route.audience[i], message);
        ++listeners;
    }
    ++audio_counters_.batches_built;
    audio_counters_.frames_forwarded += message.frames() * listeners;
}

void Service::audio_route_changed(UserId user) {
    if (LiveRoom* live = room_of(user)) invalidate_route(*live);
}

void Service::invalidate_route(LiveRoom& live) {
    // What was collected belongs to the audience of the moment it was spoken.
    flush_room(live);
    live.audio.stale = true;
}

const Service::AudioRoute& Service::route(LiveRoom& live) {
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

// ---- room plumbing ------------------------------------------------------------------

void Service::room_action(Request& r, const std::function<room::Outcome(room::Room&)>& action) {
    LiveRoom* live = room_of(r.user());
    if (!live) return reject(r.id, ErrorCode::not_in_room, r.type);
    const auto before = live->room.summary();
    auto outcome = action(live->room);
    if (!outcome.ok()) return reject(r.id, *outcome.error, r.type);
    publish(*live, outcome, before);
}

void Service::leave_current_room(UserId user) {
    LiveRoom* live = room_of(user);
    if (!live) return;
    const auto before = live->room.summary();
    auto outcome = live->room.leave(user);
    user_room_.erase(user);
    send_user(user, protocol::LeftRoom{live->room.id()});
    publish(*live, outcome, before);
}

void Service::publish(LiveRoom& live, const room::Outcome& outcome,
                      const protocol::RoomSummary& before) {
    if (!outcome.changes.empty()) invalidate_route(live);
    const room::Room& room = live.room;
    const auto note_change = [&live](UserId user) {
        auto& changed = live.members_changed;
        if (std::find(changed.begin(), changed.end(), user) == changed.end())
            changed.push_back(user);
    };
    std::optional<UserId> joined;
    bool ended = false;
    for (const auto& change : outcome.changes) {
        std::visit(
            [&](const auto& c) {
                using C = std::decay_t<decltype(c)>;
                if constexpr (std::is_same_v<C, room::Joined>) {
                    note_change(c.member.id);
                    joined = c.member.id;
                } else if constexpr (std::is_same_v<C, room::Left>) {
                    note_change(c.user);
                } else if constexpr (std::is_same_v<C, room::Updated>) {
                    if (batches_members(live)) {
                        // members_changed upserts: in a big room an update waits for the
                        // next one, so a storm of hand toggles costs the room one message
                        // per interval instead of one per toggle and member.
                        note_change(c.member.id);
                        return;
                    }
                    // Collected joins and leaves go first: an update must not arrive
                    // for a member the client has not been told about.
                    send_members_changed(live);
                    send_members(room, protocol::MemberUpdated{c.member});
                } else {
                    send_members(room, protocol::RoomEnded{room.id()});
                    ended = true;
                }
            },
            change);
    }
    if (ended) return retire(std::string(room.id()));  // a copy: retiring destroys `room`
    // The newcomer got the whole room in room_state already.
    if (!batches_members(live)) send_members_changed(live, joined);
    if (room.summary() != before) hallway_changed(live);
}

bool Service::batches_members(const LiveRoom& live) const {
    return options_.members_interval.count() > 0 &&
           live.room.members().size() >= kBatchedMembersFrom;
}

void Service::send_members_changed(LiveRoom& live, std::optional<UserId> except) {
    if (live.members_changed.empty()) return;
    protocol::MembersChanged event;
    for (UserId user : std::exchange(live.members_changed, {})) {
        if (const auto* member = live.room.find(user))
            event.members.push_back(*member);
        else
            event.left.push_back(user);
    }
    send_members(live.room, event, except);
}

void Service::flush_members() {
    guarded(std::nullopt, "members flush", [&] {
        for (auto& [id, live] : rooms_) send_members_changed(live);
    });
}

void Service::hallway_changed(LiveRoom& live) {
    if (options_.hallway_interval.count() > 0) {
        hallway_dirty_.insert(std::string(live.room.id()));
        return;
    }
    live.hallway_sent = live.room.summary();
    send_signed_in(protocol::HallwayRoom{live.hallway_sent});
}

void Service::flush_hallway() {
    guarded(std::nullopt, "hallway flush", [&] { send_dirty_hallway(); });
}

void Service::send_dirty_hallway() {
    auto dirty = std::exchange(hallway_dirty_, {});
    for (const auto& id : dirty) {
        auto it = rooms_.find(id);
        if (it == rooms_.end()) continue;  // ended meanwhile: hallway_room_gone went out
        LiveRoom& live = it->second;
        auto now = live.room.summary();
        if (now == live.hallway_sent) continue;
        live.hallway_sent = std::move(now);
        send_signed_in(protocol::HallwayRoom{live.hallway_sent});
    }
}

void Service::retire(std::string room_id) {
    auto it = rooms_.find(room_id);
    if (it == rooms_.end()) return;
    for (const auto& member : it->second.room.members()) user_room_.erase(member.id);
    rooms_.erase(it);
    hallway_dirty_.erase(room_id);
    spdlog::info("room {} ended", room_id);
    send_signed_in(protocol::HallwayRoomGone{room_id});
    store_.end_room(room_id, options_.unix_now());
}

Service::LiveRoom* Service::room_of(UserId user) {
    auto it = user_room_.find(user);
    if (it == user_room_.end()) return nullptr;
    auto room = rooms_.find(it->second);
    return room == rooms_.end() ? nullptr : &room->second;
}

// ---- output -------------------------------------------------------------------------

void Service::send(ConnectionId id, const protocol::Event& event) {
    outbox_.send(id, protocol::encode(event));
}

void Service::send_user(UserId user, const protocol::Event& event) {
    auto it = user_connections_.find(user);
    if (it == user_connections_.end()) return;
    const std::string frame = protocol::encode(event);
    for (ConnectionId id : it->second) outbox_.send(id, frame);
}

void Service::send_members(const room::Room& room, const protocol::Event& event,
                           std::optional<UserId> except) {
    const std::string frame = protocol::encode(event);
    for (const auto& member : room.members()) {
        if (member.id == except) continue;
        auto it = user_connections_.find(member.id);
        if (it == user_connections_.end()) continue;
        for (ConnectionId id : it->second) outbox_.send(id, frame);
    }
}

void Service::send_signed_in(const protocol::Event& event) {
    const std::string frame = protocol::encode(event);
    for (const auto& [user, ids] : user_connections_)
        for (ConnectionId id : ids) outbox_.send(id, frame);
}

void Service::reject(ConnectionId id, ErrorCode code, std::string_view in,
                     std::string_view message) {
    spdlog::debug("connection {}: rejected '{}': {}", id, in, wire_name(code));
    send(id, protocol::make_error(code, in, message));
}

protocol::Hallway Service::hallway() const {
    std::vector<const LiveRoom*> live;
    live.reserve(rooms_.size());
    for (const auto& [id, room] : rooms_) live.push_back(&room);
    // Newest first: what just opened is what people are most likely looking for.
    std::sort(live.begin(), live.end(),
              [](const LiveRoom* a, const LiveRoom* b) { return a->opened > b->opened; });
    protocol::Hallway out;
    for (const LiveRoom* room : live) out.rooms.push_back(room->room.summary());
    return out;
}

}  // namespace salotto::service
