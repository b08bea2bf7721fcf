// Addresses, titles and history navigation; see navigation.hpp.
#include "client/navigation.hpp"

#include "client/clubs.hpp"
#include "client/deep_link.hpp"
#include "client/events.hpp"
#include "client/i18n.hpp"
#include "client/reducer.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

// Off a profile, invites or notifications screen, back to the room or the hallway.
void close_side_screen(AppState& state, Outbox& out) {
    switch (state.screen) {
        case Screen::profile:
            close_profile(state);
            break;
        case Screen::notifications:
            close_notifications(state, out);
            break;
        case Screen::invites:
            state.screen = state.room ? Screen::room : Screen::hallway;
            break;
        case Screen::event:
            close_event(state);
            break;
        case Screen::club:
            close_club(state);
            break;
        case Screen::ended_room:
            close_ended_room(state);
            break;
        default:
            break;
    }
}

}  // namespace

std::string address_of(const AppState& state) {
    if (!state.user) return {};
    switch (state.screen) {
        case Screen::room:
            return state.room ? room_path(state.room->id) : std::string("/");
        case Screen::profile:
            return state.profile ? profile_path(state.profile->user.handle) : std::string();
        case Screen::invites:
            return std::string(kInvitesPath);
        case Screen::notifications:
            return std::string(kNotificationsPath);
        case Screen::event:
            return event_path(state.events.shown_id);
        case Screen::club:
            return club_path(state.clubs.open);
        case Screen::ended_room:
            return state.replays.ended ? room_path(state.replays.ended->id) : std::string("/");
        case Screen::hallway:
            // A join on its way (a link, a ping): the room's address already.
            return state.joining.empty() ? std::string("/") : room_path(state.joining);
        case Screen::connecting:
        case Screen::onboarding:
            return {};
    }
    return {};
}

std::string title_of(const AppState& state) {
    const Lang lang = state.lang;
    std::string screen;
    switch (state.screen) {
        case Screen::room:
            if (state.room) screen = state.room->title;
            break;
        case Screen::profile:
            if (state.profile)
                screen = state.profile->user.name + " (@" + state.profile->user.handle + ")";
            break;
        case Screen::invites:
            screen = tr(lang, "invites.title");
            break;
        case Screen::notifications:
            screen = tr(lang, "notifications.title");
            break;
        case Screen::event:
            if (state.events.shown) screen = state.events.shown->title;
            break;
        case Screen::club:
            if (state.clubs.page) screen = state.clubs.page->club.name;
            break;
        case Screen::ended_room:
            if (state.replays.ended) screen = state.replays.ended->title;
            break;
        default:
            break;
    }
    std::string title =
        screen.empty() ? tr(lang, "page.title") : tr(lang, "page.title_of", {{"screen", screen}});
    if (state.user && state.unread > 0)
        title = tr(lang, "page.title_unread",
                   {{"count", std::to_string(state.unread)}, {"title", title}});
    return title;
}

void navigate(AppState& state, Outbox& out, std::string_view path) {
    if (!state.user) return;  // signed out: sign-in comes first
    if (const std::string room = room_from_path(path); !room.empty()) {
        // Its ended page already: asking again would only find it ended again.
        if (state.screen == Screen::ended_room && state.replays.ended &&
            state.replays.ended->id == room)
            return;
        close_side_screen(state, out);
        if (!state.room || state.room->id != room) join_room(state, out, room);
        return;
    }
    if (const std::string handle = profile_from_path(path); !handle.empty()) {
        const bool shown = state.screen == Screen::profile && state.profile &&
                           state.profile->user.handle == handle;
        if (!shown) open_profile(state, out, handle);
        return;
    }
    if (const std::string event = event_from_path(path); !event.empty()) {
        if (state.screen != Screen::event || state.events.shown_id != event) {
            close_side_screen(state, out);
            open_event(state, out, event);
        }
        return;
    }
    if (const std::int64_t club = club_from_path(path); club != 0) {
        if (state.screen != Screen::club || state.clubs.open != club) {
            close_side_screen(state, out);
            open_club(state, out, club);
        }
        return;
    }
    if (path == kInvitesPath) {
        close_side_screen(state, out);
        open_invites(state, out);
        return;
    }
    if (path == kNotificationsPath) {
        close_side_screen(state, out);
        open_notifications(state, out);
        return;
    }
    // "/" (or an address we do not know): the hallway, out of any room.
    close_side_screen(state, out);
    if (state.room) {
        out.push(p::LeaveRoom{});
        // Left at once, not when the server answers: the address is "/" already.
        state.room.reset();
    }
    state.joining.clear();
    state.screen = Screen::hallway;
}

}  // namespace salotto::client
