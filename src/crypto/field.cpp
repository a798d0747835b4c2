// Explicit instantiations of the BLS12-381 prime fields (field.hpp, field_ops.hpp).
#include "crypto/field_ops.hpp"

namespace stakepool::crypto {

template class MontField<FpParams>;
template class MontField<FrParams>;

}  // namespace stakepool::crypto
