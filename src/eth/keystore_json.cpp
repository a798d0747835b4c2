// EIP-2335 keystore JSON: strict parser and serialiser (see keystore.hpp).
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "keystore_limits.hpp"
#include "stakepool/eth/key_path.hpp"
#include "stakepool/eth/keystore.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

using json = nlohmann::json;

Error bad(const std::string& where, const std::string& why) {
  return make_error(Errc::kInvalidArgument, "keystore " + where + ": " + why);
}

// field_path names `key` inside `where` ("" is the top level).
std::string field_path(const std::string& where, const char* key) {
  return where.empty() ? std::string(key) : where + "." + key;
}

// only_keys fails on a member of `obj` not listed in `allowed`.
Status only_keys(const json& obj, std::initializer_list<const char*> allowed,
                 const std::string& where) {
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || k == a;
    if (!ok) return bad(where, "unknown field '" + k + "'");
  }
  return ok_status();
}

Result<const json*> member(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end()) return bad(where, std::string("missing field '") + key + "'");
  return &*it;
}

Result<std::string> get_string(const json& obj, const char* key, const std::string& where) {
  auto m = member(obj, key, where);
  if (!m) return m.error();
  if (!(*m)->is_string()) return bad(field_path(where, key), "must be a string");
  return (*m)->get<std::string>();
}

Result<uint64_t> get_uint(const json& obj, const char* key, const std::string& where) {
  auto m = member(obj, key, where);
  if (!m) return m.error();
  if (!(*m)->is_number_unsigned())
    return bad(field_path(where, key), "must be a non-negative integer");
  return (*m)->get<uint64_t>();
}

Result<std::vector<uint8_t>> get_hex(const json& obj, const char* key, const std::string& where) {
  auto s = get_string(obj, key, where);
  if (!s) return s.error();
  auto b = util::from_hex(*s);
  if (!b) return bad(field_path(where, key), b.error().message);
  return std::move(*b);
}

Result<uint32_t> get_u32(const json& obj, const char* key, const std::string& where) {
  auto v = get_uint(obj, key, where);
  if (!v) return v.error();
  if (*v > 0xffffffffu) return bad(field_path(where, key), "too large");
  return static_cast<uint32_t>(*v);
}

// module checks the shape {function, params (object), message} and the function name.
Result<const json*> module(const json& crypto, const char* name, const char* function) {
  const std::string where = std::string("crypto.") + name;
  auto m = member(crypto, name, "crypto");
  if (!m) return m.error();
  const json& mod = **m;
  if (!mod.is_object()) return bad(where, "must be an object");
  SP_TRY(only_keys(mod, {"function", "params", "message"}, where));
  auto fn = get_string(mod, "function", where);
  if (!fn) return fn.error();
  if (function != nullptr && *fn != function) {
    return bad(where + ".function", "unsupported '" + *fn + "' (expected '" + function + "')");
  }
  auto params = member(mod, "params", where);
  if (!params) return params.error();
  if (!(*params)->is_object()) return bad(where + ".params", "must be an object");
  return &mod;
}

Result<KdfParams> parse_kdf(const json& crypto) {
  auto mod = module(crypto, "kdf", nullptr);
  if (!mod) return mod.error();
  const json& params = (**mod)["params"];
  const std::string fn = (**mod)["function"].get<std::string>(), where = "crypto.kdf.params";
  KdfParams k;
  if (fn == "scrypt") {
    k.kind = KdfKind::kScrypt;
    SP_TRY(only_keys(params, {"dklen", "n", "r", "p", "salt"}, where));
    auto n = get_uint(params, "n", where);
    auto r = get_u32(params, "r", where);
    auto p = get_u32(params, "p", where);
    if (!n || !r || !p) return !n ? n.error() : !r ? r.error() : p.error();
    k.n = *n, k.r = *r, k.p = *p;
  } else if (fn == "pbkdf2") {
    k.kind = KdfKind::kPbkdf2;
    SP_TRY(only_keys(params, {"dklen", "c", "prf", "salt"}, where));
    auto c = get_u32(params, "c", where);
    if (!c) return c.error();
    k.c = *c;
    auto prf = get_string(params, "prf", where);
    if (!prf) return prf.error();
    if (*prf != "hmac-sha256") return bad(where + ".prf", "unsupported '" + *prf + "'");
  } else {
    return bad("crypto.kdf.function", "unsupported '" + fn + "' (expected scrypt or pbkdf2)");
  }
  auto dklen = get_u32(params, "dklen", where);
  if (!dklen) return dklen.error();
  k.dklen = *dklen;
  auto salt = get_hex(params, "salt", where);
  if (!salt) return salt.error();
  k.salt = std::move(*salt);
  auto msg = get_string(**mod, "message", "crypto.kdf");
  if (!msg) return msg.error();
  if (!msg->empty()) return bad("crypto.kdf.message", "must be empty");
  SP_TRY(check_kdf_params(k));
  return k;
}

Status parse_crypto(const json& crypto, Keystore& ks) {
  if (!crypto.is_object()) return bad("crypto", "must be an object");
  SP_TRY(only_keys(crypto, {"kdf", "checksum", "cipher"}, "crypto"));
  auto kdf = parse_kdf(crypto);
  if (!kdf) return kdf.error();
  ks.kdf = std::move(*kdf);

  auto sum = module(crypto, "checksum", "sha256");
  if (!sum) return sum.error();
  SP_TRY(only_keys((**sum)["params"], {}, "crypto.checksum.params"));
  auto sum_msg = get_hex(**sum, "message", "crypto.checksum");
  if (!sum_msg) return sum_msg.error();
  if (sum_msg->size() != 32) return bad("crypto.checksum.message", "must be 32 bytes");
  std::copy(sum_msg->begin(), sum_msg->end(), ks.checksum.begin());

  auto cipher = module(crypto, "cipher", "aes-128-ctr");
  if (!cipher) return cipher.error();
  const json& cparams = (**cipher)["params"];
  SP_TRY(only_keys(cparams, {"iv"}, "crypto.cipher.params"));
  auto iv = get_hex(cparams, "iv", "crypto.cipher.params");
  if (!iv) return iv.error();
  if (iv->size() != 16) return bad("crypto.cipher.params.iv", "must be 16 bytes");
  std::copy(iv->begin(), iv->end(), ks.iv.begin());
  auto msg = get_hex(**cipher, "message", "crypto.cipher");
  if (!msg) return msg.error();
  if (msg->empty() || msg->size() > kMaxSecretBytes) {
    return bad("crypto.cipher.message", "must be 1.." + std::to_string(kMaxSecretBytes) + " bytes");
  }
  ks.cipher_message = std::move(*msg);
  return ok_status();
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) return false;
  }
  return true;
}

Status parse_metadata(const json& j, Keystore& ks) {
  auto version = get_uint(j, "version", "");
  if (!version) return bad("version", "missing or not an integer");
  if (*version != 4)
    return bad("version", "unsupported " + std::to_string(*version) + " (expected 4)");
  auto uuid = get_string(j, "uuid", "");
  if (!uuid) return uuid.error();
  if (!is_uuid(*uuid)) return bad("uuid", "'" + *uuid + "' is not an RFC 4122 UUID");
  ks.uuid = *uuid;
  auto path = get_string(j, "path", "");
  if (!path) return path.error();
  if (!path->empty()) {
    auto p = KeyPath::parse(*path);
    if (!p) return bad("path", p.error().message);
  }
  ks.path = *path;
  if (j.contains("pubkey")) {
    auto pk = get_hex(j, "pubkey", "");
    if (!pk) return pk.error();
    ks.pubkey = util::to_hex(*pk);
  }
  if (j.contains("description")) {
    auto d = get_string(j, "description", "");
    if (!d) return d.error();
    ks.description = *d;
  }
  if (j.contains("name") && !j["name"].is_string()) return bad("name", "must be a string");
  return ok_status();
}

}  // namespace

Result<Keystore> parse_keystore(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return make_error(Errc::kInvalidArgument, "keystore is not valid JSON");
  if (!j.is_object()) return make_error(Errc::kInvalidArgument, "keystore must be a JSON object");
  SP_TRY(
      only_keys(j, {"crypto", "description", "pubkey", "path", "uuid", "version", "name"}, "file"));
  Keystore ks;
  auto crypto = member(j, "crypto", "file");
  if (!crypto) return crypto.error();
  SP_TRY(parse_crypto(**crypto, ks));
  SP_TRY(parse_metadata(j, ks));
  return ks;
}

std::string keystore_to_json(const Keystore& ks) {
  using ojson = nlohmann::ordered_json;
  ojson kdf_params;
  kdf_params["dklen"] = ks.kdf.dklen;
  if (ks.kdf.kind == KdfKind::kScrypt) {
    kdf_params["n"] = ks.kdf.n;
    kdf_params["p"] = ks.kdf.p;
    kdf_params["r"] = ks.kdf.r;
  } else {
    kdf_params["c"] = ks.kdf.c;
    kdf_params["prf"] = "hmac-sha256";
  }
  kdf_params["salt"] = util::to_hex(ks.kdf.salt);
  ojson out;
  out["crypto"]["kdf"] = {{"function", ks.kdf.kind == KdfKind::kScrypt ? "scrypt" : "pbkdf2"},
                          {"params", kdf_params},
                          {"message", ""}};
  out["crypto"]["checksum"] = {
      {"function", "sha256"}, {"params", ojson::object()}, {"message", util::to_hex(ks.checksum)}};
  out["crypto"]["cipher"] = {{"function", "aes-128-ctr"},
                             {"params", {{"iv", util::to_hex(ks.iv)}}},
                             {"message", util::to_hex(ks.cipher_message)}};
  out["description"] = ks.description;
  out["pubkey"] = ks.pubkey;
  out["path"] = ks.path;
  out["uuid"] = ks.uuid;
  out["version"] = 4;
  return out.dump(4);
}

}  // namespace stakepool::eth
