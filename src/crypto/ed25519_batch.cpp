// Ed25519 batch verification: one cofactored multi-scalar equation over many signatures,
//   [8]([sum z_i s_i]B - sum [z_i]R_i - sum_A [sum_{i: A_i = A} z_i k_i]A) = O,
// with 128-bit weights z_i hashed from the whole (sub-)batch, and bisection to find bad items.
//
// The multi-scalar multiplication is Straus (interleaved wNAF, one shared doubling chain) at every
// size. Keys come with precomputed tables and repeated keys are merged, so the per-item cost is
// R's: its table (1 doubling + 7 additions) plus ~21 additions for the 128-bit weight, ~29 in all.
// A signed-digit bucket method (Pippenger, window c) would cost (128/c)(1 + 2^c/n) additions per
// item: 28 at n = 200 (c = 6), 20 only from n ~ 1000 (c = 8); our batches (QBFT justifications,
// a DKG round) are far below that, so there is no bucket path.
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "ed25519_check.hpp"
#include "stakepool/crypto/sha512.hpp"

namespace stakepool::crypto::ed25519 {
namespace {

using detail::Prepared;
using detail::Sc;

constexpr char kDomain[] = "stakepool-ed25519-batch-v1";
// kBisectSingle: sub-batches this small are checked item by item.
constexpr std::size_t kBisectSingle = 2;
// kRWindow: wNAF width for the 128-bit weights of the R points (tables built per call).
constexpr int kRWindow = 5;
constexpr int kRTable = 1 << (kRWindow - 2);

std::span<const uint8_t> as_span(const char* s, std::size_t n) {
  return {reinterpret_cast<const uint8_t*>(s), n};
}

// batch_weights: z_{4j+m} = SHA-512(domain || seed || j)[16m..16m+16), seed = SHA-512(domain ||
// n || A_i || R_i || s_i || k_i for every item). A pure function of the sub-batch.
std::vector<Sc> batch_weights(std::span<const Prepared* const> items) {
  Sha512 h;
  h.update(as_span(kDomain, sizeof(kDomain) - 1));
  uint8_t buf[8];
  const uint64_t n = items.size();
  for (int j = 0; j < 8; ++j) buf[j] = static_cast<uint8_t>(n >> (8 * j));
  h.update(buf);
  for (const Prepared* p : items) {
    uint8_t k[32];
    detail::sc_to_bytes(k, p->k);
    h.update(p->key->bytes()).update(std::span<const uint8_t>(p->sig, 64)).update(k);
  }
  const Digest64 seed = h.finish();
  std::vector<Sc> z(items.size());
  Digest64 d{};
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i % 4 == 0) {
      for (int j = 0; j < 8; ++j) buf[j] = static_cast<uint8_t>(uint64_t{i / 4} >> (8 * j));
      d = Sha512().update(as_span(kDomain, sizeof(kDomain) - 1)).update(seed).update(buf).finish();
    }
    uint8_t wide[32] = {};
    std::memcpy(wide, d.data() + 16 * (i % 4), 16);
    z[i] = detail::sc_from_bytes(wide);
  }
  return z;
}

// KeySum: the merged scalar of one key, sum of z_i k_i over its items.
struct KeySum {
  const VerifyKey* key;
  Sc c;
};

// batch_equation_vartime: true iff the weighted cofactored equation holds for `items`.
bool batch_equation_vartime(std::span<const Prepared* const> items) {
  const std::vector<Sc> z = batch_weights(items);
  Sc t = {{0, 0, 0, 0}};
  std::vector<KeySum> keys;
  std::map<PublicKeyBytes, std::size_t> key_index;
  const std::size_t n = items.size();
  auto r_tables = std::make_unique<detail::Cached[]>(n * kRTable);
  std::vector<detail::Naf> nafs(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Prepared& p = *items[i];
    t = detail::sc_add(t, detail::sc_mul(z[i], p.s));
    const Sc zk = detail::sc_mul(z[i], p.k);
    auto [it, fresh] = key_index.emplace(p.key->bytes(), keys.size());
    if (fresh) {
      keys.push_back({p.key, zk});
    } else {
      keys[it->second].c = detail::sc_add(keys[it->second].c, zk);
    }
    detail::odd_multiples(&r_tables[i * kRTable], p.r, kRTable);
    detail::wnaf(nafs[i], z[i].v, 2, kRWindow, true);
  }
  constexpr int kParts = detail::kParts;
  std::vector<detail::Naf> key_nafs(kParts * keys.size());
  std::vector<detail::Term> terms;
  terms.reserve(n + kParts * keys.size());
  for (std::size_t i = 0; i < n; ++i) terms.push_back({&nafs[i], &r_tables[i * kRTable]});
  for (std::size_t j = 0; j < keys.size(); ++j) {
    detail::Term kt[kParts];
    const int m = detail::key_terms(&key_nafs[kParts * j], kt, *keys[j].key, keys[j].c);
    terms.insert(terms.end(), kt, kt + m);
  }
  detail::Naf t_naf[kParts];
  detail::naf_parts(t_naf, t, detail::kBaseWindow, false);
  const detail::BaseTables& bt = detail::base_tables();
  detail::BaseTerm base[kParts];
  for (int q = 0; q < kParts; ++q) base[q] = {&t_naf[q], bt.part[q]};
  const detail::P3 q = detail::straus_vartime(terms, base);
  return detail::is_identity_vartime(detail::mul_by_cofactor(q));
}

// settle: sets ok[index of item] for every item of `items`, bisecting on failure.
void settle(std::span<const Prepared* const> items, const Prepared* first, std::vector<bool>& ok) {
  if (items.size() <= kBisectSingle) {
    for (const Prepared* p : items) ok[p - first] = detail::check_prepared_vartime(*p);
    return;
  }
  if (batch_equation_vartime(items)) {
    for (const Prepared* p : items) ok[p - first] = true;
    return;
  }
  const std::size_t half = items.size() / 2;
  settle(items.first(half), first, ok);
  settle(items.subspan(half), first, ok);
}

}  // namespace

std::vector<bool> verify_batch_vartime(std::span<const BatchItem> items) {
  const std::size_t n = items.size();
  std::vector<bool> result(n, false);
  // Keys given as bytes are parsed once per distinct encoding.
  std::vector<VerifyKey> owned;
  owned.reserve(n);
  std::map<PublicKeyBytes, const VerifyKey*> parsed;
  std::vector<Prepared> prep(n);
  std::vector<std::size_t> where;  // index in `items` of prep[j]
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const BatchItem& it = items[i];
    const VerifyKey* key = it.key;
    if (key == nullptr) {
      auto [pos, fresh] = parsed.emplace(it.key_bytes, nullptr);
      if (fresh) {
        Ed25519Result<VerifyKey> k = VerifyKey::parse(it.key_bytes, KeyTables::kSmall);
        if (k.has_value()) {
          owned.push_back(std::move(*k));
          pos->second = &owned.back();
        }
      }
      key = pos->second;
      if (key == nullptr) continue;
    }
    if (!detail::prepare_vartime(prep[m], *key, it.msg, it.sig.data())) continue;
    where.push_back(i);
    ++m;
  }
  std::vector<const Prepared*> ptrs(m);
  for (std::size_t j = 0; j < m; ++j) ptrs[j] = &prep[j];
  std::vector<bool> ok(m, false);
  settle(ptrs, prep.data(), ok);
  for (std::size_t j = 0; j < m; ++j) result[where[j]] = ok[j];
  return result;
}

}  // namespace stakepool::crypto::ed25519
