// The event reducer; see reducer.hpp and docs/protocol.md for the events.
#include "client/reducer.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "client/clubs.hpp"
#include "client/events.hpp"
#include "client/replays.hpp"
#include "client/search.hpp"
#include "core/validation.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

// Replaces the element with the same id, or appends.
template <class T>
void upsert(std::vector<T>& items, const T& item) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == item.id; });
    if (it != items.end()) {
        *it = item;
    } else {
        items.push_back(item);
    }
}

template <class T, class Id>
void erase_id(std::vector<T>& items, const Id& id) {
    std::erase_if(items, [&](const T& x) { return x.id == id; });
}

// Forgets what was typed into the password form (and its message); keeps `pending`.
void clear_password_form(PasswordForm& form) {
    form.current.fill('\0');
    form.fresh.fill('\0');
    form.repeat.fill('\0');
    form.error.reset();
}

// We are out of the room (left, ended, or lost it): back to the hallway.
void drop_room(AppState& state) {
    state.room.reset();
    state.chat = {};
    state.reactions = {};
    state.replays.stage_invitation.clear();
    // Whoever joins a recorded room is told so (room_recording); a room left, or a
    // connection lost (the server may have restarted, which ends recordings), is not.
    state.replays.recording_room.clear();
    if (state.screen == Screen::room) state.screen = Screen::hallway;
}

void handle(AppState& state, const p::Welcome&, Outbox& out) {
    state.connected = true;
    if (!state.token.empty()) {
        out.push(p::Resume{state.token});
        state.resuming = true;
    } else if (!state.user) {
        state.screen = Screen::onboarding;
    }
}

void handle(AppState& state, const p::Session& s, Outbox& out) {
    state.user = s.user;
    if (s.token) state.token = *s.token;
    state.resuming = false;
    state.error.reset();
    if (state.screen == Screen::connecting || state.screen == Screen::onboarding)
        state.screen = Screen::hallway;
    out.push(p::ListInvites{});
    out.push(p::ListClubs{});
    if (!state.join_after_sign_in.empty())
        join_room(state, out, std::exchange(state.join_after_sign_in, {}));
    if (!state.profile_after_sign_in.empty())
        open_profile(state, out, std::exchange(state.profile_after_sign_in, {}));
    if (!state.events.after_sign_in.empty())
        open_event(state, out, std::exchange(state.events.after_sign_in, {}));
    if (state.clubs.after_sign_in != 0)
        open_club(state, out, std::exchange(state.clubs.after_sign_in, 0));
}

void handle(AppState& state, const p::LoggedOut&, Outbox&) {
    AppState fresh;
    fresh.connected = state.connected;
    fresh.origin = state.origin;
    fresh.lang = state.lang;  // the language is the browser's, not the account's
    fresh.replays.ended_pages = state.replays.ended_pages;  // off in an embed
    fresh.screen = Screen::onboarding;
    state = std::move(fresh);
}

void handle(AppState& state, const p::PasswordChanged&, Outbox&) {
    clear_password_form(state.password_form);
    state.password_form.pending = false;
    state.error.reset();
    state.notice = tr(state.lang, "notice.password_changed");
}

void handle(AppState& state, const p::Invite& invite, Outbox& out) {
    state.last_created_invite = invite.code;
    out.push(p::ListInvites{});  // refresh the list and the remaining count
}

void handle(AppState& state, const p::Invites& invites, Outbox&) {
    state.invites = invites.items;
    state.remaining_invites = invites.remaining;
    // The hallway offers the last created invite for sharing only while it can be used.
    if (state.last_created_invite) {
        auto shown = std::find_if(invites.items.begin(), invites.items.end(), [&](const auto& i) {
            return i.code == *state.last_created_invite;
        });
        if (shown != invites.items.end() && shown->state && *shown->state != "unused")
            state.last_created_invite.reset();
    }
}

void handle(AppState& state, const p::Profile& profile, Outbox&) {
    // Our own edits come back as our profile: the new name shows everywhere.
    if (state.user && state.user->id == profile.user.id) state.user->name = profile.user.name;
    // Our own profile edited in another tab must not replace someone else's on screen.
    const bool other_on_screen = state.screen == Screen::profile && state.profile &&
                                 state.profile->user.id != profile.user.id;
    if (!other_on_screen) state.profile = profile;
}

void handle(AppState& state, const p::UserUpdated& updated, Outbox&) {
    if (state.user && state.user->id == updated.user.id) state.user = updated.user;
    if (state.profile && state.profile->user.id == updated.user.id)
        state.profile->user = updated.user;
}

void handle(AppState& state, const p::Hallway& hallway, Outbox&) {
    state.hallway = hallway.rooms;
}

void handle(AppState& state, const p::HallwayRoom& h, Outbox&) {
    upsert(state.hallway, h.room);
}

void handle(AppState& state, const p::HallwayRooms& h, Outbox&) {
    for (const auto& room : h.rooms) upsert(state.hallway, room);
}

void handle(AppState& state, const p::HallwayRoomGone& h, Outbox&) {
    erase_id(state.hallway, h.room);
    // A knock on a room that ended will never be answered.
    if (state.knock && state.knock->room == h.room) {
        state.knock.reset();
        state.notice = tr(state.lang, "notice.knocked_room_ended");
    }
}

void handle(AppState& state, const p::RoomState& r, Outbox& out) {
    // The chat so far (again after a reconnect: messages may have come meanwhile).
    if (state.chat.room != r.room.id) {
        state.chat = {};
        state.reactions = {};
        state.chat.room = r.room.id;
    }
    out.push(p::GetChat{});
    state.room = r.room;
    state.notice.clear();
    state.joining.clear();
    if (state.knock && state.knock->room == r.room.id) state.knock.reset();
    state.replays.ended.reset();  // in a room now: no ended room's page
    if (state.screen != Screen::profile) state.screen = Screen::room;
}

void handle(AppState& state, const p::MembersChanged& m, Outbox&) {
    if (!state.room) return;
    for (const auto& member : m.members) upsert(state.room->members, member);
    for (p::UserId user : m.left) erase_id(state.room->members, user);
}

void handle(AppState& state, const p::MemberUpdated& m, Outbox&) {
    if (!state.room) return;
    if (state.user && m.member.id == state.user->id)
        own_member_changed(state, find_member(state, m.member.id), m.member);
    upsert(state.room->members, m.member);
    // Knocks go to moderators only: a list kept after stepping down would go stale.
    if (state.user && m.member.id == state.user->id && m.member.role != p::Role::moderator)
        state.room->knocks.clear();
}

void handle(AppState& state, const p::RoomEnded& r, Outbox& out) {
    erase_id(state.hallway, r.room);
    if (state.room && state.room->id == r.room) {
        // A recorded room's page lists its replay (it says the room ended); any other
        // room has nothing to show, and the hallway says it ended.
        const bool page = state.screen == Screen::room && ended_room_has_replays(state);
        std::string title = state.room->title;
        drop_room(state);
        if (page) {
            open_ended_room(state, out, r.room, std::move(title), true);
        } else {
            state.notice = tr(state.lang, "notice.room_ended");
        }
    }
}

void handle(AppState& state, const p::LeftRoom& r, Outbox&) {
    if (state.room && state.room->id == r.room) drop_room(state);
}

void handle(AppState&, const p::Pong&, Outbox&) {}
// Audio runs on its own connection (web/audio-net-worker.js); this one never asks.
void handle(AppState&, const p::AudioStarted&, Outbox&) {}
void handle(AppState&, const p::AudioStopped&, Outbox&) {}

// Invite management, admin and search.
void handle(AppState& state, const p::AccountStatus& a, Outbox&) {
    state.account_status = a;
}

void handle(AppState& state, const p::SearchResults& r, Outbox&) {
    search_answered(state, r);
}

// ---- moderation

// The title of live room `id` as the hallway lists it, or "".
std::string hallway_title(const AppState& state, std::string_view id) {
    for (const auto& room : state.hallway)
        if (room.id == id) return room.title;
    return {};
}

void handle(AppState& state, const p::RemovedFromRoom& r, Outbox&) {
    if (state.room && state.room->id == r.room) drop_room(state);
    state.notice = tr(state.lang, "notice.removed", {{"title", r.title}});
}

void handle(AppState& state, const p::MutedByModerator& m, Outbox&) {
    if (state.room && state.room->id == m.room)
        state.notice = tr(state.lang, "notice.muted_by", {{"name", m.by.name}});
}

void handle(AppState& state, const p::RoomSettings& s, Outbox&) {
    if (!state.room || state.room->id != s.room) return;
    state.room->type = s.type;
    state.room->hands_allowed = s.hands_allowed;
    state.room->link_joins = s.link_joins;
    state.room->chat_allowed = s.chat_allowed;
}

void handle(AppState& state, const p::Knocks& k, Outbox&) {
    if (state.room && state.room->id == k.room) state.room->knocks = k.users;
}

void handle(AppState& state, const p::Knocked& k, Outbox&) {
    state.knock = KnockState{k.room, k.title, KnockState::Status::knocking};
}

void handle(AppState& state, const p::KnockAnswered& k, Outbox& out) {
    if (!k.let_in) {
        state.knock = KnockState{k.room, k.title, KnockState::Status::declined};
        return;
    }
    if (!state.room) {
        // What the knock asked for: in we go.
        state.knock = KnockState{k.room, k.title, KnockState::Status::let_in};
        join_room(state, out, k.room);
        return;
    }
    // In another room: joining now would take us out of it; the hallway offers it.
    state.knock = KnockState{k.room, k.title, KnockState::Status::let_in};
    state.notice = tr(state.lang, "notice.let_in_elsewhere", {{"title", k.title}});
}

// join_room refused because the room is closed to us: the hallway offers a knock.
bool closed_to_us(AppState& state, const p::Error& e) {
    if (e.in != p::JoinRoom::kType || state.joining.empty()) return false;
    if (e.code != ErrorCode::room_closed && e.code != ErrorCode::knock_pending) return false;
    const auto status = e.code == ErrorCode::room_closed ? KnockState::Status::closed
                                                         : KnockState::Status::knocking;
    std::string room = std::exchange(state.joining, {});
    std::string title = hallway_title(state, room);
    state.knock = KnockState{std::move(room), std::move(title), status};
    return true;
}

void handle(AppState& state, const p::Social& s, Outbox&) {
    state.following = s.following;
    state.blocked = s.blocked;
    state.places = s.places;
    state.unread = s.unread;
}

void handle(AppState& state, const p::FriendMoved& m, Outbox&) {
    std::erase_if(state.places, [&](const p::FriendPlace& f) { return f.user.id == m.user.id; });
    if (m.room) state.places.push_back({m.user, *m.room});
}

void handle(AppState& state, const p::Follows& f, Outbox&) {
    // The next page of the list on screen goes below it; anything else replaces it.
    auto& shown = state.follows;
    if (f.offset > 0 && shown && shown->user == f.user && shown->followers == f.followers &&
        f.offset == static_cast<int>(shown->items.size())) {
        shown->items.insert(shown->items.end(), f.items.begin(), f.items.end());
        shown->total = f.total;
        return;
    }
    shown = f;
    shown->offset = 0;
}

void handle(AppState& state, const p::Notifications& n, Outbox&) {
    state.notifications = n.items;
    state.unread = n.unread;
}

void handle(AppState& state, const p::NotificationEvent& n, Outbox&) {
    state.notifications.insert(state.notifications.begin(), n.item);
    if (state.notifications.size() > 100) state.notifications.resize(100);
    state.unread = n.unread;
}

// ---- chat and reactions

void handle(AppState& state, const p::ChatHistory& h, Outbox&) {
    if (!state.room || state.room->id != h.room) return;
    state.chat.room = h.room;
    state.chat.messages = h.messages;
    state.chat.loaded = true;
}

void handle(AppState& state, const p::ChatPosted& c, Outbox&) {
    if (!state.room || state.room->id != c.room) return;
    auto& messages = state.chat.messages;
    // A message the history already brought (it crossed a reconnect) is not doubled.
    if (!messages.empty() && messages.back().id >= c.message.id) return;
    messages.push_back(c.message);
    if (messages.size() > kChatKept) messages.erase(messages.begin());
    const bool mine = state.user && c.message.from.id == state.user->id;
    if (!state.chat_open && !mine && !blocks(state, c.message.from.id)) ++state.chat.unread;
}

void handle(AppState& state, const p::ChatDeleted& d, Outbox&) {
    if (!state.room || state.room->id != d.room) return;
    erase_id(state.chat.messages, d.id);
}

void handle(AppState& state, const p::Reactions& r, Outbox&) {
    if (!state.room || state.room->id != r.room) return;
    auto& fresh = state.reactions.fresh;
    for (const auto& reaction : r.items) {
        if (blocks(state, reaction.user)) continue;
        fresh.push_back(reaction);
    }
    // A screen that stopped drawing (hidden tab) must not let them pile up.
    if (fresh.size() > kReactionsKept) fresh.erase(fresh.begin(), fresh.end() - kReactionsKept);
    state.reactions.counts = r.counts;
    ++state.reactions.events;
}

// ---- scheduled events (events.hpp)

void handle(AppState& state, const p::UpcomingEvents& e, Outbox&) {
    events_received(state, e);
}

void handle(AppState& state, const p::EventChanged& e, Outbox&) {
    event_received(state, e);
}

void handle(AppState& state, const p::EventNotify& e, Outbox&) {
    event_notify_received(state, e);
}

void handle(AppState& state, const p::Error& e, Outbox& out) {
    // The knock card says it, with a button to knock: no banner besides.
    if (closed_to_us(state, e)) return;
    // The room's page says whether it ended, or shows the error if it never existed.
    if (room_not_live(state, out, e)) return;
    if (event_refused(state, e)) return;
    if (club_refused(state, e)) return;
    if (e.in == p::JoinRoom::kType) state.joining.clear();
    if (e.in == p::ChangePassword::kType) {
        // Shown on the form, next to what the user typed, not in the banner.
        state.password_form.pending = false;
        state.password_form.error = ShownError::refusal(e);
        return;
    }
    state.error = ShownError::refusal(e);
    if (e.in == p::Resume::kType) {
        // The stored token is no good any more: sign in afresh.
        state.token.clear();
        state.user.reset();
        state.resuming = false;
        state.screen = Screen::onboarding;
    } else if (e.in == p::GetProfile::kType && state.screen == Screen::profile) {
        close_profile(state);
    }
}

}  // namespace

void on_connected(Outbox& out, std::string_view client_name) {
    out.push(p::Hello{p::kVersion, std::string(client_name)});
}

void on_disconnected(AppState& state) {
    state.connected = false;
    state.resuming = false;
    if (state.password_form.pending) {
        // The answer is lost with the socket; the form may be sent again.
        state.password_form.pending = false;
        state.password_form.error =
            ShownError{"connection_lost", tr(state.lang, "error.connection_lost")};
    }
    if (state.room) {
        // The server may drop us from the room with the socket: rejoin after resuming.
        state.join_after_sign_in = state.room->id;
        drop_room(state);
    }
    if (!state.user) state.screen = Screen::connecting;
}

void join_room(AppState& state, Outbox& out, std::string room) {
    state.joining = room;
    out.push(p::JoinRoom{std::move(room)});
}

void handle(AppState& state, const p::ClubPage& c, Outbox&) {
    club_page_received(state, c);
}

void handle(AppState& state, const p::MyClubs& c, Outbox&) {
    my_clubs_received(state, c);
}

void apply(AppState& state, const p::Event& event, Outbox& out) {
    std::visit([&](const auto& e) { handle(state, e, out); }, event);
}

void open_profile(AppState& state, Outbox& out, std::string_view handle) {
    state.profile.reset();
    state.confirm_logout_everywhere = false;
    state.screen = Screen::profile;
    out.push(p::GetProfile{std::string(handle)});
}

void close_profile(AppState& state) {
    // Typed passwords do not outlive the screen they were typed on.
    clear_password_form(state.password_form);
    state.confirm_logout_everywhere = false;
    state.confirm_disable = false;
    state.screen = state.room ? Screen::room : Screen::hallway;
}

std::vector<social::RankedRoom> ranked_hallway(const AppState& state) {
    const std::unordered_set<p::UserId> following(state.following.begin(), state.following.end());
    return social::rank_hallway(state.hallway, following, state.places);
}

void open_invites(AppState& state, Outbox& out) {
    state.screen = Screen::invites;
    out.push(p::ListInvites{});  // states change as friends sign up
}

std::string hallway_reason_text(const AppState& state, const social::RankedRoom& ranked) {
    if (ranked.tier == social::HallwayTier::other || ranked.followed <= 0 ||
        ranked.index >= state.hallway.size())
        return {};
    // The same people, in the same order, as core/social's ranking names.
    const p::RoomSummary& room = state.hallway[ranked.index];
    const bool speaking = ranked.tier == social::HallwayTier::speaking;
    auto followed = [&](p::UserId id) {
        return std::find(state.following.begin(), state.following.end(), id) !=
               state.following.end();
    };
    auto on_stage = [&](p::UserId id) {
        return std::any_of(room.speakers.begin(), room.speakers.end(),
                           [&](const p::User& s) { return s.id == id; });
    };
    std::vector<std::string> names;
    if (speaking) {
        for (const auto& s : room.speakers)
            if (followed(s.id) && names.size() < 2) names.push_back(s.name);
    } else {
        for (const auto& place : state.places)
            if (place.room == room.id && followed(place.user.id) && !on_stage(place.user.id) &&
                names.size() < 2)
                names.push_back(place.user.name);
    }
    if (names.empty()) return {};
    const Lang lang = state.lang;
    if (ranked.followed == 1)
        return speaking ? tr(lang, "reason.speaking_one", {{"name", names[0]}})
                        : tr(lang, "reason.listening_one", {{"name", names[0]}});
    if (ranked.followed == 2 && names.size() == 2) {
        const Arg first{"first", names[0]}, second{"second", names[1]};
        return speaking ? tr(lang, "reason.speaking_two", {first, second})
                        : tr(lang, "reason.listening_two", {first, second});
    }
    const long long others = ranked.followed - 1;
    return speaking ? trn(lang, "reason.speaking_more", others, {{"name", names[0]}})
                    : trn(lang, "reason.listening_more", others, {{"name", names[0]}});
}

void open_notifications(AppState& state, Outbox& out) {
    state.screen = Screen::notifications;
    out.push(p::ListNotifications{});
}

void close_notifications(AppState& state, Outbox& out) {
    if (!state.notifications.empty() && state.unread > 0)
        out.push(p::MarkNotificationsRead{state.notifications.front().id});
    state.screen = state.room ? Screen::room : Screen::hallway;
}

void open_notification(AppState& state, Outbox& out, const p::Notification& n) {
    out.push(p::MarkNotificationsRead{n.id});
    if (n.kind == "event_cancelled" && n.event) return open_event(state, out, *n.event);
    if ((n.kind == "ping" || n.kind == "event_started") && n.room) {
        state.screen = state.room ? Screen::room : Screen::hallway;
        out.push(p::JoinRoom{*n.room});
        return;
    }
    open_profile(state, out, n.from.handle);
}

void submit_password_change(AppState& state, Outbox& out) {
    PasswordForm& form = state.password_form;
    if (form.pending) return;
    std::string_view current = form.current.data();
    std::string_view fresh = form.fresh.data();
    std::string_view repeat = form.repeat.data();
    const Lang lang = state.lang;
    auto refuse = [&](std::string code, std::string message) {
        form.error = ShownError{std::move(code), std::move(message)};
    };
    if (!state.connected) {
        // The web layer would drop the intent, and the form would wait for nothing.
        refuse("offline", tr(lang, "error.offline"));
    } else if (current.empty()) {
        refuse("password_missing", tr(lang, "error.password_missing"));
    } else if (!validation::is_valid_password(fresh)) {
        // The catalogue's text states the rule's numbers (kPasswordMinBytes, kPasswordMaxBytes).
        refuse("password_invalid", tr(lang, "error.password_invalid"));
    } else if (fresh != repeat) {
        refuse("password_mismatch", tr(lang, "error.password_mismatch"));
    } else if (fresh == current) {
        refuse("password_unchanged", tr(lang, "error.password_unchanged"));
    } else {
        form.error.reset();
        form.pending = true;
        state.error.reset();
        state.notice.clear();
        out.push(p::ChangePassword{std::string(current), std::string(fresh)});
    }
}

void set_chat_open(AppState& state, bool open) {
    state.chat_open = open;
    if (open) state.chat.unread = 0;
}

}  // namespace salotto::client
