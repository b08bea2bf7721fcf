// HTTP byte ranges for replay files (server/net/byte_range.hpp).
#include <gtest/gtest.h>

#include "server/net/byte_range.hpp"

using namespace salotto::net;

TEST(ByteRange, ReadsTheOneRangeMediaElementsAndToolsAsk) {
    EXPECT_EQ(parse_range("", 1000).ask, RangeAsk::whole);
    auto open_ended = parse_range("bytes=0-", 1000);
    EXPECT_EQ(open_ended.ask, RangeAsk::range);
    EXPECT_EQ(open_ended.range, (ByteRange{0, 999}));
    EXPECT_EQ(parse_range("bytes=100-199", 1000).range, (ByteRange{100, 199}));
    EXPECT_EQ(parse_range("bytes=900-5000", 1000).range, (ByteRange{900, 999}));
    EXPECT_EQ(parse_range("bytes=-100", 1000).range, (ByteRange{900, 999}));
    EXPECT_EQ(parse_range("bytes=-5000", 1000).range, (ByteRange{0, 999}));
}

TEST(ByteRange, RangesPastTheEndAreUnsatisfiableAndOddOnesIgnored) {
    EXPECT_EQ(parse_range("bytes=1000-", 1000).ask, RangeAsk::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=-0", 1000).ask, RangeAsk::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=0-", 0).ask, RangeAsk::unsatisfiable);
    // Served whole: several ranges, other units, nonsense, a backwards range.
    EXPECT_EQ(parse_range("bytes=0-1,5-6", 1000).ask, RangeAsk::whole);
    EXPECT_EQ(parse_range("items=0-1", 1000).ask, RangeAsk::whole);
    EXPECT_EQ(parse_range("bytes=a-b", 1000).ask, RangeAsk::whole);
    EXPECT_EQ(parse_range("bytes=10-5", 1000).ask, RangeAsk::whole);
    EXPECT_EQ(parse_range("bytes=5", 1000).ask, RangeAsk::whole);
}
