// Clubs on screen (docs/protocol.md, "Clubs"): the club page (/c/<id>) with its
// members, live rooms and the buttons the viewer's role allows; on the hallway, the
// user's clubs, their invitations and the form that creates a club; on someone's
// profile, "Invite to" each club the user runs. Which buttons show is asked of
// core/social/clubs.hpp (client/clubs.hpp), the rules the server applies.
#include <string>

#include "client/clubs.hpp"
#include "client/deep_link.hpp"
#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace p = protocol;
using social::ClubAction;

namespace {

std::string club_counts(Lang lang, const p::ClubSummary& club) {
    return trn(lang, "clubs.members", club.members) + "  ·  " +
           trn(lang, "clubs.followers", club.followers);
}

// The create / edit form, in a card.
void club_form(Ui& ui) {
    const Lang lang = ui.state.lang;
    ClubForm& form = ui.state.clubs.form;
    begin_card();
    const bool creating = form.editing == 0;
    ImGui::TextUnformatted(
        (creating ? tr(lang, "clubs.form_new") : tr(lang, "clubs.form_edit")).c_str());
    const bool enter = text_field(ui, tr(lang, "clubs.field_name"), tr(lang, "clubs.name_hint"),
                                  "clubs.form.name", form.name);
    text_field(ui, tr(lang, "clubs.field_description"), "", "clubs.form.description",
               form.description);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(tr(lang, "clubs.field_access").c_str());
    ImGui::PopStyleColor();
    struct Choice {
        const char* access;
        std::string label;
    };
    for (const Choice& choice : {Choice{"members", tr(lang, "clubs.access_members")},
                                 Choice{"followers", tr(lang, "clubs.access_followers")}}) {
        const bool picked = form.room_access == choice.access;
        if (button(ui, choice.label, std::string("clubs.form.access_") + choice.access,
                   picked ? ButtonKind::primary : ButtonKind::ghost))
            form.room_access = choice.access;
        ui.rects.mark_pressed(picked);
        ImGui::SameLine();
    }
    ImGui::NewLine();
    if (form.error)
        card_text(color::kDanger, error_text(lang, form.error->code, form.error->message));
    if (button(ui, creating ? tr(lang, "clubs.create") : tr(lang, "clubs.save"),
               "clubs.form.submit", ButtonKind::primary) ||
        enter)
        submit_club_form(ui.state, ui.out);
    ImGui::SameLine();
    if (button(ui, tr(lang, "clubs.form_cancel"), "clubs.form.close", ButtonKind::ghost))
        close_club_form(ui.state);
    end_card();
}

// The viewer's own place: join, follow, answer an invitation, leave, edit.
void place_buttons(Ui& ui, const p::ClubPage& page) {
    const Lang lang = ui.state.lang;
    const auto id = page.club.id;
    const social::ClubRole role = club_role(page);
    if (page.invited && club_allows(page, ClubAction::accept_invite)) {
        card_text(color::kAccent, tr(lang, "clubs.invited_you"));
        if (button(ui, tr(lang, "clubs.accept"), "club.accept_invite", ButtonKind::primary))
            ui.send(p::AnswerClubInvite{id, true});
        ImGui::SameLine();
        if (button(ui, tr(lang, "clubs.decline"), "club.decline_invite", ButtonKind::ghost))
            ui.send(p::AnswerClubInvite{id, false});
        return;
    }
    bool same_line = false;
    auto next = [&] {
        if (same_line) ImGui::SameLine();
        same_line = true;
    };
    if (page.requested) {
        next();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextUnformatted(tr(lang, "clubs.requested").c_str());
        ImGui::PopStyleColor();
        ui.rects.record_last_item("club.requested", tr(lang, "clubs.requested"), Role::text);
    } else if (club_allows(page, ClubAction::request)) {
        next();
        if (button(ui, tr(lang, "clubs.request"), "club.request", ButtonKind::primary))
            ui.send(p::RequestClub{id});
    }
    if (!social::is_member(role)) {
        const bool following = role == social::ClubRole::follower;
        next();
        if (button(ui, following ? tr(lang, "clubs.following") : tr(lang, "clubs.follow"),
                   "club.follow", following ? ButtonKind::primary : ButtonKind::soft))
            ui.send(p::FollowClub{id, !following});
        ui.rects.mark_pressed(following);
    }
    if (club_allows(page, ClubAction::edit)) {
        next();
        if (button(ui, tr(lang, "clubs.edit"), "club.edit")) open_club_form(ui.state, &page);
    }
    if (club_allows(page, ClubAction::leave)) {
        next();
        if (button(ui, tr(lang, "clubs.leave"), "club.leave", ButtonKind::ghost))
            ui.send(p::LeaveClub{id});
    }
}

// Leaders and admins open rooms in the club.
void start_club_room(Ui& ui, const p::ClubPage& page) {
    const Lang lang = ui.state.lang;
    auto& title = ui.state.clubs.room_title;
    const std::string start = tr(lang, "clubs.start_room");
    ImGui::SetNextItemWidth(card_inner_width() - button_width(start) -
                            ImGui::GetStyle().ItemSpacing.x);
    const bool enter = input_field(ui, tr(lang, "clubs.room_title"), tr(lang, "hallway.title_hint"),
                                   "club.room_title", title);
    ImGui::SameLine();
    if (button(ui, start, "club.start_room", ButtonKind::primary) || enter) {
        ui.send(p::CreateRoom{.title = title.data(), .club = page.club.id});
        title.fill('\0');
    }
}

void live_rooms(Ui& ui, const p::ClubPage& page) {
    const Lang lang = ui.state.lang;
    section_title(tr(lang, "clubs.live_rooms"));
    begin_card();
    if (club_allows(page, ClubAction::open_room)) {
        start_club_room(ui, page);
        if (!page.rooms.empty()) card_divider();
    }
    if (page.rooms.empty()) card_text(color::kTextDim, tr(lang, "clubs.no_rooms"));
    for (const auto& room : page.rooms) {
        const std::string detail = trn(lang, "hallway.listeners", room.listeners);
        if (link_row(ui, "club.room." + room.id, room.title, detail, card_inner_width()))
            join_room(ui.state, ui.out, room.id);
    }
    end_card();
}

// A person's row with the buttons the viewer may press about them.
void member_row(Ui& ui, const p::ClubPage& page, const p::ClubMember& member) {
    const Lang lang = ui.state.lang;
    const auto club = page.club.id;
    const auto uid = member.user.id;
    const std::string suffix = std::to_string(uid);
    const bool self = ui.state.user && ui.state.user->id == uid;
    const bool admin = club_allows(page, ClubAction::change_role) && !self;
    // Room for the buttons on the right.
    float buttons = 0;
    std::vector<std::pair<std::string, std::string>> roles;  // {role, button label}
    if (admin) {
        for (auto [to, label] : {std::pair{"admin", tr(lang, "clubs.make_admin")},
                                 std::pair{"leader", tr(lang, "clubs.make_leader")},
                                 std::pair{"member", tr(lang, "clubs.make_member")}})
            if (member.role != to) roles.emplace_back(to, std::move(label));
        for (const auto& [to, label] : roles)
            buttons += button_width(label) + ImGui::GetStyle().ItemSpacing.x;
        buttons += button_width(tr(lang, "clubs.remove")) + ImGui::GetStyle().ItemSpacing.x;
    }
    // On a narrow screen (a phone) the buttons go under the name.
    const bool beside = buttons <= card_inner_width() * 0.6f;
    const float width = beside ? card_inner_width() - buttons : card_inner_width();
    if (link_row(ui, "club.member." + suffix, member.user.name,
                 "@" + member.user.handle + "  ·  " + club_role_name(lang, member.role), width))
        open_profile(ui.state, ui.out, member.user.handle);
    if (!admin) return;
    bool first = true;
    for (const auto& [to, label] : roles) {
        if (beside || !first) ImGui::SameLine();
        first = false;
        if (button(ui, label, "club.role_" + to + "." + suffix, ButtonKind::ghost))
            ui.send(p::SetClubRole{club, uid, to});
    }
    ImGui::SameLine();
    if (button(ui, tr(lang, "clubs.remove"), "club.remove." + suffix, ButtonKind::danger))
        ui.send(p::RemoveClubMember{club, uid});
}

void people(Ui& ui, const p::ClubPage& page) {
    const Lang lang = ui.state.lang;
    const auto club = page.club.id;
    if (!page.requests.empty()) {
        section_title(tr(lang, "clubs.requests"));
        begin_card();
        for (const auto& user : page.requests) {
            const std::string suffix = std::to_string(user.id);
            const std::string approve = tr(lang, "clubs.approve"),
                              decline = tr(lang, "clubs.decline");
            const float width = card_inner_width() - button_width(approve) - button_width(decline) -
                                2 * ImGui::GetStyle().ItemSpacing.x;
            if (link_row(ui, "club.request." + suffix, user.name, "@" + user.handle, width))
                open_profile(ui.state, ui.out, user.handle);
            if (club_allows(page, ClubAction::approve_request)) {
                ImGui::SameLine();
                if (button(ui, approve, "club.approve." + suffix, ButtonKind::primary))
                    ui.send(p::AnswerClubRequest{club, user.id, true});
                ImGui::SameLine();
                if (button(ui, decline, "club.decline." + suffix, ButtonKind::ghost))
                    ui.send(p::AnswerClubRequest{club, user.id, false});
            }
        }
        end_card();
    }
    section_title(trn(lang, "clubs.members", page.club.members));
    begin_card();
    // A copy: a tap may replace the page (a role changed, someone removed).
    const p::ClubPage shown = page;
    for (const auto& member : shown.members) member_row(ui, shown, member);
    if (!shown.invitations.empty()) {
        card_divider();
        card_text(color::kTextDim, tr(lang, "clubs.invitations_pending"));
        for (const auto& user : shown.invitations)
            if (link_row(ui, "club.invited." + std::to_string(user.id), user.name,
                         "@" + user.handle, card_inner_width()))
                open_profile(ui.state, ui.out, user.handle);
    }
    if (club_allows(shown, ClubAction::invite))
        card_text(color::kTextDim, tr(lang, "clubs.invite_hint"));
    end_card();
}

}  // namespace

void draw_club(Ui& ui) {
    AppState& s = ui.state;
    const Lang lang = s.lang;
    begin_screen("club", 640);
    if (button(ui, tr(lang, "clubs.back"), "club.back")) {
        close_club(s);
        end_screen();
        return;
    }
    ui.rects.set_escape("club.back");
    draw_messages(ui);
    if (!s.clubs.page) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        spinner(ImGui::GetWindowDrawList(), ImVec2(at.x + 24, at.y + 24), 12);
        end_screen();
        return;
    }
    // A copy: a reply to a tap below may replace the page in the middle of the frame.
    const p::ClubPage page = *s.clubs.page;
    if (s.clubs.form.open && s.clubs.form.editing == page.club.id) {
        club_form(ui);
        end_screen();
        return;
    }
    begin_card();
    draw_club_picture(ui);
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextWrapped("%s", page.club.name.c_str());
    ImGui::PopFont();
    ui.rects.record_last_item("club.name", page.club.name, Role::heading);
    if (!page.club.description.empty()) ImGui::TextWrapped("%s", page.club.description.c_str());
    std::string about = club_counts(lang, page.club) + "  ·  " +
                        (page.room_access == "followers" ? tr(lang, "clubs.rooms_for_followers")
                                                         : tr(lang, "clubs.rooms_for_members"));
    if (page.your_role != "none")
        about +=
            "  ·  " + tr(lang, "clubs.you_are", {{"role", club_role_name(lang, page.your_role)}});
    card_text(color::kTextDim, about);
    ui.rects.record_last_item("club.about", about, Role::text);
    card_divider();
    place_buttons(ui, page);
    card_divider();
    copy_link_button(ui, tr(lang, "clubs.copy_link"), "club.copy", club_path(page.club.id));
    club_picture_buttons(ui);
    end_card();
    live_rooms(ui, page);
    people(ui, page);
    draw_club_events(ui);
    end_screen();
}

void draw_my_clubs(Ui& ui) {
    AppState& s = ui.state;
    const Lang lang = s.lang;
    section_title(tr(lang, "clubs.title"));
    // A copy: answering an invitation replaces the list.
    const p::MyClubs mine = s.clubs.mine;
    for (const auto& club : mine.invitations) {
        begin_card();
        const std::string suffix = std::to_string(club.id);
        if (link_row(ui, "hallway.club." + suffix, club.name, tr(lang, "clubs.invited_you"),
                     card_inner_width(), {club_picture_key(club.id), club.avatar}))
            open_club(s, ui.out, club.id);
        if (button(ui, tr(lang, "clubs.accept"), "hallway.club_accept." + suffix,
                   ButtonKind::primary))
            ui.send(p::AnswerClubInvite{club.id, true});
        ImGui::SameLine();
        if (button(ui, tr(lang, "clubs.decline"), "hallway.club_decline." + suffix,
                   ButtonKind::ghost))
            ui.send(p::AnswerClubInvite{club.id, false});
        end_card();
    }
    if (s.clubs.form.open && s.clubs.form.editing == 0) {
        club_form(ui);
    } else if (button(ui, tr(lang, "clubs.new"), "hallway.create_club")) {
        open_club_form(s);
    }
    if (mine.clubs.empty()) return;
    begin_card();
    for (const auto& m : mine.clubs)
        if (link_row(ui, "hallway.club." + std::to_string(m.club.id), m.club.name,
                     club_role_name(lang, m.role) + "  ·  " + club_counts(lang, m.club),
                     card_inner_width(), {club_picture_key(m.club.id), m.club.avatar}))
            open_club(s, ui.out, m.club.id);
    end_card();
}

void invite_to_my_clubs(Ui& ui, const p::User& person) {
    const Lang lang = ui.state.lang;
    for (const auto& m : ui.state.clubs.mine.clubs) {
        const auto role = social::club_role_from_wire(m.role);
        if (!role ||
            social::club_refusal(*role, ClubAction::invite, social::ClubRoomAccess::members))
            continue;
        if (button(ui, tr(lang, "clubs.invite_to", {{"club", m.club.name}}),
                   "profile.club_invite." + std::to_string(m.club.id))) {
            ui.state.error.reset();
            ui.state.notice.clear();
            invite_to_club(ui.state, ui.out, m.club.id, person);
        }
    }
}

}  // namespace salotto::client
