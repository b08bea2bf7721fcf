// Event start times across daylight-saving changes (server/calendar/event_time.hpp):
// the instants were computed independently with Python's zoneinfo over the same tzdata.
#include <gtest/gtest.h>

#include "server/calendar/event_time.hpp"

using namespace salotto;
using calendar::start_instant;

TEST(EventTimeTest, ALocalTimeNamesItsInstantInTheZone) {
    const auto rome = start_instant("2023-11-20T18:30", "Europe/Rome");
    EXPECT_FALSE(rome.error);
    EXPECT_EQ(rome.utc, 1700501400);  // 17:30 UTC: CET is UTC+1
    EXPECT_EQ(calendar::local_text(rome.utc, "Europe/Rome"), "2023-11-20T18:30");
    EXPECT_EQ(calendar::local_text(rome.utc, "America/New_York"), "2023-11-20T12:30");
}

TEST(EventTimeTest, TheSameClockTimeEitherSideOfSpringForwardIsTwentyThreeHoursApart) {
    const auto saturday = start_instant("2027-03-27T18:00", "Europe/Rome");
    const auto sunday = start_instant("2027-03-28T18:00", "Europe/Rome");
    EXPECT_EQ(saturday.utc, 1806166800);
    EXPECT_EQ(sunday.utc, 1806249600);
    EXPECT_EQ(sunday.utc - saturday.utc, 23 * 3600);
}

TEST(EventTimeTest, ATimeTheClocksSkipIsRefused) {
    EXPECT_EQ(start_instant("2027-03-28T02:30", "Europe/Rome").error,
              ErrorCode::event_time_invalid);
    EXPECT_EQ(start_instant("2027-03-14T02:30", "America/New_York").error,
              ErrorCode::event_time_invalid);
    const auto after = start_instant("2027-03-28T03:30", "Europe/Rome");
    EXPECT_FALSE(after.error);
    EXPECT_EQ(after.utc, 1806197400);
}

TEST(EventTimeTest, ATimeThatHappensTwiceMeansTheFirst) {
    EXPECT_EQ(start_instant("2026-10-25T02:30", "Europe/Rome").utc, 1792888200);       // CEST
    EXPECT_EQ(start_instant("2026-11-01T01:30", "America/New_York").utc, 1793511000);  // EDT
}

TEST(EventTimeTest, MalformedTimesAndUnknownZonesAreRefusedWithTheirCodes) {
    EXPECT_EQ(start_instant("2026-12-05T18:00", "Mars/Olympus").error,
              ErrorCode::time_zone_invalid);
    EXPECT_EQ(start_instant("2026-12-05T18:00", "").error, ErrorCode::time_zone_invalid);
    for (const char* bad :
         {"2026-12-05", "2026-12-05T18:00:00", "2026-13-05T18:00", "2026-02-30T18:00",
          "2026-12-05T25:00", "2026-12-05 18:00", "tomorrow at six", "2026-12-05T18:0x"})
        EXPECT_EQ(start_instant(bad, "Europe/Rome").error, ErrorCode::event_time_invalid) << bad;
}
