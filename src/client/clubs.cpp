// Clubs in the client; see clubs.hpp.
#include "client/clubs.hpp"

#include <algorithm>

namespace salotto::client {

namespace p = protocol;

namespace {

bool is_club_intent(std::string_view in) {
    return in == p::CreateClub::kType || in == p::UpdateClub::kType || in == p::GetClub::kType ||
           in == p::ListClubs::kType || in == p::FollowClub::kType ||
           in == p::InviteToClub::kType || in == p::AnswerClubInvite::kType ||
           in == p::RequestClub::kType || in == p::AnswerClubRequest::kType ||
           in == p::SetClubRole::kType || in == p::RemoveClubMember::kType ||
           in == p::LeaveClub::kType;
}

}  // namespace

void club_page_received(AppState& state, const p::ClubPage& page) {
    ClubsState& clubs = state.clubs;
    ClubForm& form = clubs.form;
    // Our own form's answer: the club exists (or changed); show its page.
    const bool ours = form.pending && (form.editing != 0 ? form.editing == page.club.id
                                                         : page.your_role == "admin" &&
                                                               page.club.name == form.name.data());
    if (ours) {
        close_club_form(state);
        clubs.open = page.club.id;
        state.screen = Screen::club;
    }
    if (clubs.inviting && clubs.inviting_to == page.club.id) {
        const auto id = clubs.inviting->id;
        bool there = std::any_of(page.invitations.begin(), page.invitations.end(),
                                 [&](const p::User& u) { return u.id == id; });
        for (const auto& m : page.members) there |= m.user.id == id;
        if (there) {
            state.notice = tr(state.lang, "clubs.invite_sent",
                              {{"name", clubs.inviting->name}, {"club", page.club.name}});
            clubs.inviting.reset();
            clubs.inviting_to = 0;
        }
    }
    // Pages of other clubs (pushed to their leaders and admins) wait until asked for.
    if (page.club.id == clubs.open) clubs.page = page;
}

void my_clubs_received(AppState& state, const p::MyClubs& mine) {
    state.clubs.mine = mine;
}

bool club_refused(AppState& state, const p::Error& e) {
    if (!is_club_intent(e.in)) return false;
    ShownError error = ShownError::refusal(e);
    if (e.in == p::CreateClub::kType || e.in == p::UpdateClub::kType) {
        state.clubs.form.pending = false;
        state.clubs.form.error = std::move(error);
        return true;
    }
    if (e.in == p::GetClub::kType && state.screen == Screen::club) close_club(state);
    state.error = std::move(error);
    return true;
}

void open_club(AppState& state, Outbox& out, std::int64_t club) {
    ClubsState& clubs = state.clubs;
    if (clubs.open != club) {
        clubs.page.reset();
        close_club_form(state);
    }
    clubs.open = club;
    state.screen = Screen::club;
    out.push(p::GetClub{club});
}

void close_club(AppState& state) {
    close_club_form(state);
    state.clubs.page.reset();
    state.clubs.open = 0;
    state.screen = state.room ? Screen::room : Screen::hallway;
}

void open_club_form(AppState& state, const p::ClubPage* editing) {
    ClubForm form;
    form.open = true;
    if (editing) {
        form.editing = editing->club.id;
        fill_field(form.name, editing->club.name);
        fill_field(form.description, editing->club.description);
        form.room_access = editing->room_access;
    }
    state.clubs.form = std::move(form);
}

void close_club_form(AppState& state) {
    state.clubs.form = ClubForm{};
}

void submit_club_form(AppState& state, Outbox& out) {
    ClubForm& form = state.clubs.form;
    if (form.pending) return;
    const Lang lang = state.lang;
    if (!state.connected) {
        form.error = ShownError{"offline", tr(lang, "error.offline")};
        return;
    }
    const std::string name = form.name.data(), description = form.description.data();
    if (!social::is_valid_club_name(name)) {
        form.error = ShownError::check(lang, ErrorCode::club_name_invalid);
        return;
    }
    if (!social::is_valid_club_description(description)) {
        form.error = ShownError::check(lang, ErrorCode::club_description_invalid);
        return;
    }
    form.error.reset();
    form.pending = true;
    if (form.editing == 0)
        out.push(p::CreateClub{name, description, form.room_access});
    else
        out.push(p::UpdateClub{form.editing, name, description, form.room_access});
}

void invite_to_club(AppState& state, Outbox& out, std::int64_t club, const p::User& person) {
    state.clubs.inviting_to = club;
    state.clubs.inviting = person;
    out.push(p::InviteToClub{club, person.id});
}

social::ClubRole club_role(const p::ClubPage& page) {
    return social::club_role_from_wire(page.your_role).value_or(social::ClubRole::none);
}

bool club_allows(const p::ClubPage& page, social::ClubAction action) {
    const auto access = social::club_room_access_from_wire(page.room_access)
                            .value_or(social::ClubRoomAccess::members);
    return !social::club_refusal(club_role(page), action, access);
}

std::vector<p::ClubSummary> clubs_i_lead(const AppState& state) {
    std::vector<p::ClubSummary> out;
    for (const auto& mine : state.clubs.mine.clubs) {
        const auto role = social::club_role_from_wire(mine.role);
        if (role && !social::club_refusal(*role, social::ClubAction::open_room,
                                          social::ClubRoomAccess::members))
            out.push_back(mine.club);
    }
    return out;
}

std::string club_role_name(Lang lang, std::string_view wire_role) {
    switch (social::club_role_from_wire(wire_role).value_or(social::ClubRole::none)) {
        case social::ClubRole::admin:
            return tr(lang, "clubs.role_admin");
        case social::ClubRole::leader:
            return tr(lang, "clubs.role_leader");
        case social::ClubRole::member:
            return tr(lang, "clubs.role_member");
        case social::ClubRole::follower:
            return tr(lang, "clubs.role_follower");
        case social::ClubRole::none:
            break;
    }
    return tr(lang, "clubs.role_none");
}

}  // namespace salotto::client
