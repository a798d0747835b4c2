// EIP-2334 path parsing and formatting.
#include "stakepool/eth/key_path.hpp"

#include <gtest/gtest.h>

namespace stakepool::eth {
namespace {

TEST(Eip2334, SigningAndWithdrawalPaths) {
  EXPECT_EQ(KeyPath::signing(5).to_string(), "m/12381/3600/5/0/0");
  EXPECT_EQ(KeyPath::withdrawal(5).to_string(), "m/12381/3600/5/0");
  EXPECT_EQ(KeyPath::signing(0).file_tag(), "m_12381_3600_0_0_0");
  EXPECT_EQ(KeyPath::parse("m/12381/3600/5/0/0").value(), KeyPath::signing(5));
  EXPECT_TRUE(KeyPath::parse("m").value().indices().empty());
  EXPECT_EQ(KeyPath::parse("m/4294967295").value().indices()[0], 4294967295u);
}

TEST(Eip2334, ParseErrorsNameTheProblem) {
  struct Bad {
    const char* path;
    const char* message;
  };
  for (const Bad& b :
       {Bad{"", "must start with 'm'"}, Bad{"x/1", "must start with 'm'"},
        Bad{"m/", "empty component"}, Bad{"m//1", "empty component"}, Bad{"m/1/", "trailing '/'"},
        Bad{"m/1'", "hardened"}, Bad{"m/-1", "not a decimal number"},
        Bad{"m/1a", "not a decimal number"}, Bad{"m/4294967296", "not below 2^32"},
        Bad{"m1", "expected '/'"}, Bad{"m/99999999999999999999999", "not below 2^32"}}) {
    auto r = KeyPath::parse(b.path);
    ASSERT_FALSE(r) << b.path;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_NE(r.error().message.find(b.message), std::string::npos)
        << b.path << ": " << r.error().message;
  }
}

}  // namespace
}  // namespace stakepool::eth
