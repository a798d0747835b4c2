// Property tests of SlashingDb against a plain in-memory model of the EIP-3076 rules, over random
// sequences of signings and imports on a small epoch range (so that conflicts are frequent), and
// the safety invariant itself: what a database accepts never contains a slashable pair.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <optional>
#include <vector>

#include "stakepool/eth/slashing_db.hpp"

namespace stakepool::eth {
namespace {

SigningRoot small_root(int n) {
  SigningRoot r{};
  r[0] = static_cast<uint8_t>(n);
  return r;
}

// Op: a signing attempt (block or attestation) or an import of one message.
struct Op {
  bool is_block = false;
  bool is_import = false;
  uint64_t a = 0, b = 0;  // slot, or source/target
  std::optional<SigningRoot> root;
};

rc::Gen<Op> gen_op(bool with_imports) {
  return rc::gen::exec([with_imports] {
    Op op;
    op.is_block = *rc::gen::inRange(0, 3) == 0;
    op.is_import = with_imports && *rc::gen::inRange(0, 5) == 0;
    op.a = *rc::gen::inRange<uint64_t>(0, 12);
    op.b = *rc::gen::inRange<uint64_t>(0, 12);
    if (!op.is_block && !op.is_import && op.a > op.b) std::swap(op.a, op.b);
    int r = *rc::gen::inRange(0, 4);
    if (r > 0 || !op.is_import) op.root = small_root(r + 1);
    return op;
  });
}

// Model: the complete-semantics rules written directly over in-memory lists.
struct Model {
  std::map<uint64_t, std::optional<SigningRoot>> blocks;                     // slot -> root
  std::map<std::pair<uint64_t, uint64_t>, std::optional<SigningRoot>> atts;  // (t, s) -> root

  static void merge(std::optional<SigningRoot>& have, const std::optional<SigningRoot>& r) {
    if (have != r) have.reset();
  }
  void import(const Op& op) {
    if (op.is_block) {
      auto [it, fresh] = blocks.emplace(op.a, op.root);
      if (!fresh) merge(it->second, op.root);
    } else {
      auto [it, fresh] = atts.emplace(std::pair{op.b, op.a}, op.root);
      if (!fresh) merge(it->second, op.root);
    }
  }
  bool sign_block(uint64_t slot, const SigningRoot& r) {
    if (auto it = blocks.find(slot); it != blocks.end()) return it->second == r;
    if (!blocks.empty() && slot <= blocks.begin()->first) return false;
    blocks.emplace(slot, r);
    return true;
  }
  bool sign_attestation(uint64_t s, uint64_t t, const SigningRoot& r) {
    bool at_target = false, all_same = true;
    uint64_t min_s = UINT64_MAX, min_t = UINT64_MAX;
    for (const auto& [key, root] : atts) {
      auto [t2, s2] = key;
      min_s = std::min(min_s, s2);
      min_t = std::min(min_t, t2);
      if (t2 == t) {
        at_target = true;
        all_same = all_same && s2 == s && root == r;
      }
    }
    if (at_target) return all_same;
    if (!atts.empty() && (s < min_s || t <= min_t)) return false;
    for (const auto& [key, root] : atts) {
      auto [t2, s2] = key;
      if ((s2 < s && t2 > t) || (s2 > s && t2 < t)) return false;
    }
    atts.emplace(std::pair{t, s}, r);
    return true;
  }
};

Interchange one_message(const PubkeyBytes& pk, const Op& op) {
  InterchangeRecord rec{pk, {}, {}};
  if (op.is_block) {
    rec.signed_blocks.push_back({op.a, op.root});
  } else {
    rec.signed_attestations.push_back({op.a, op.b, op.root});
  }
  return Interchange{SigningRoot{}, {rec}};
}

RC_GTEST_PROP(SlashingModel, CompleteMatchesModel, ()) {
  auto ops = *rc::gen::container<std::vector<Op>>(gen_op(/*with_imports=*/true));
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, SlashingMode::kComplete, SigningRoot{});
  RC_ASSERT(db.has_value());
  PubkeyBytes pk{};
  Model model;
  for (const Op& op : ops) {
    if (op.is_import) {
      RC_ASSERT(db->import_interchange(one_message(pk, op)).has_value());
      model.import(op);
    } else if (op.is_block) {
      bool got = db->check_and_record_block(pk, op.a, *op.root).has_value();
      RC_ASSERT(got == model.sign_block(op.a, *op.root));
    } else {
      bool got = db->check_and_record_attestation(pk, op.a, op.b, *op.root).has_value();
      RC_ASSERT(got == model.sign_attestation(op.a, op.b, *op.root));
    }
  }
}

// is_slashable_attestation_data (consensus-specs) over recorded votes, plus double proposals.
RC_GTEST_PROP(SlashingModel, AcceptedSigningsAreNeverSlashable, ()) {
  const auto mode = *rc::gen::element(SlashingMode::kMinimal, SlashingMode::kComplete);
  auto ops = *rc::gen::container<std::vector<Op>>(gen_op(/*with_imports=*/false));
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, mode, SigningRoot{});
  RC_ASSERT(db.has_value());
  PubkeyBytes pk{};
  std::vector<Op> accepted;
  for (const Op& op : ops) {
    bool ok = op.is_block ? db->check_and_record_block(pk, op.a, *op.root).has_value()
                          : db->check_and_record_attestation(pk, op.a, op.b, *op.root).has_value();
    if (ok) accepted.push_back(op);
  }
  for (const Op& x : accepted) {
    for (const Op& y : accepted) {
      if (x.is_block != y.is_block) continue;
      if (x.is_block) {
        RC_ASSERT(!(x.a == y.a && x.root != y.root));  // double proposal
        continue;
      }
      RC_ASSERT(!(x.b == y.b && (x.a != y.a || x.root != y.root)));  // double vote
      RC_ASSERT(!(x.a < y.a && y.b < x.b));                          // surround vote
    }
  }
}

}  // namespace
}  // namespace stakepool::eth
