/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Poseidon2 over Goldilocks: round constants and internal-matrix diagonals.
 *
 * Source: the reference implementation of Poseidon2 by HorizenLabs,
 * https://github.com/HorizenLabs/poseidon2, file
 * plain_implementations/src/poseidon2/poseidon2_instance_goldilocks.rs at
 * commit bb476b9ca38198cf5092487283c8b8c5d4317c4e (MAT_DIAG8_M_1, RC8,
 * MAT_DIAG12_M_1, RC12), parameters t = 8 and 12, d = 7, R_F = 8, R_P = 22
 * (Grassi, Khovratovich, Schofnegger, ePrint 2023/323).  Values are
 * canonical (< p).  The reference stores a full row of t constants for every
 * round; in its partial rounds only entry 0 is non-zero and only entry 0 is
 * added, so only that entry is kept here (ZP_P2_RC*_PARTIAL).
 *
 * The internal matrix is M_I = J + diag(ZP_P2_DIAG*_M1), J the all-ones
 * matrix: (M_I x)_i = diag[i] * x_i + sum_j x_j. */
#ifndef ZP_HASH_POSEIDON2_CONSTANTS_H
#define ZP_HASH_POSEIDON2_CONSTANTS_H

#include <stdint.h>

/* ---- width 8 ---- */

/* diag(M_I) - 1 (MAT_DIAG8_M_1). */
static const uint64_t ZP_P2_DIAG8_M1[8] = {
    0xa98811a1fed4e3a5ULL, 0x1cc48b54f377e2a0ULL, 0xe40cd4f6c5609a26ULL, 0x11de79ebca97a4a3ULL,
    0x9177c73d8b7e929cULL, 0x2a6fe8085797e791ULL, 0x3de6e93329f8d5adULL, 0x3f7af9125da962feULL,
};

/* Full rounds 0..3 (RC8[0..4]). */
static const uint64_t ZP_P2_RC8_INITIAL[4][8] = {
    {0xdd5743e7f2a5a5d9ULL, 0xcb3a864e58ada44bULL, 0xffa2449ed32f8cdcULL, 0x42025f65d6bd13eeULL,
     0x7889175e25506323ULL, 0x34b98bb03d24b737ULL, 0xbdcc535ecc4faa2aULL, 0x5b20ad869fc0d033ULL},
    {0xf1dda5b9259dfcb4ULL, 0x27515210be112d59ULL, 0x4227d1718c766c3fULL, 0x26d333161a5bd794ULL,
     0x49b938957bf4b026ULL, 0x4a56b5938b213669ULL, 0x1120426b48c8353dULL, 0x6b323c3f10a56cadULL},
    {0xce57d6245ddca6b2ULL, 0xb1fc8d402bba1eb1ULL, 0xb5c5096ca959bd04ULL, 0x6db55cd306d31f7fULL,
     0xc49d293a81cb9641ULL, 0x1ce55a4fe979719fULL, 0xa92e60a9d178a4d1ULL, 0x002cc64973bcfd8cULL},
    {0xcea721cce82fb11bULL, 0xe5b55eb8098ece81ULL, 0x4e30525c6f1ddd66ULL, 0x43c6702827070987ULL,
     0xaca68430a7b5762aULL, 0x3674238634df9c93ULL, 0x88cee1c825e33433ULL, 0xde99ae8d74b57176ULL},
};

/* Partial rounds 0..21 (RC8[4..26][0]). */
static const uint64_t ZP_P2_RC8_PARTIAL[22] = {
    0x488897d85ff51f56ULL, 0x1140737ccb162218ULL, 0xa7eeb9215866ed35ULL, 0x9bd2976fee49fcc9ULL,
    0xc0c8f0de580a3fccULL, 0x4fb2dae6ee8fc793ULL, 0x343a89f35f37395bULL, 0x223b525a77ca72c8ULL,
    0x56ccb62574aaa918ULL, 0xc4d507d8027af9edULL, 0xa080673cf0b7e95cULL, 0xf0184884eb70dcf8ULL,
    0x044f10b0cb3d5c69ULL, 0xe9e3f7993938f186ULL, 0x1b761c80e772f459ULL, 0x606cec607a1b5facULL,
    0x14a0c2e1d45f03cdULL, 0x4eace8855398574fULL, 0xf905ca7103eff3e6ULL, 0xf8c8f8d20862c059ULL,
    0xb524fe8bdd678e5aULL, 0xfbb7865901a1ec41ULL,
};

/* Full rounds 4..7 (RC8[26..30]). */
static const uint64_t ZP_P2_RC8_TERMINAL[4][8] = {
    {0x014ef1197d341346ULL, 0x9725e20825d07394ULL, 0xfdb25aef2c5bae3bULL, 0xbe5402dc598c971eULL,
     0x93a5711f04cdca3dULL, 0xc45a9a5b2f8fb97bULL, 0xfe8946a924933545ULL, 0x2af997a27369091cULL},
    {0xaa62c88e0b294011ULL, 0x058eb9d810ce9f74ULL, 0xb3cb23eced349ae4ULL, 0xa3648177a77b4a84ULL,
     0x43153d905992d95dULL, 0xf4e2a97cda44aa4bULL, 0x5baa2702b908682fULL, 0x082923bdf4f750d1ULL},
    {0x98ae09a325893803ULL, 0xf8a6475077968838ULL, 0xceb0735bf00b2c5fULL, 0x0a1a5d953888e072ULL,
     0x2fcb190489f94475ULL, 0xb5be06270dec69fcULL, 0x739cb934b09acf8bULL, 0x537750b75ec7f25bULL},
    {0xe9dd318bae1f3961ULL, 0xf7462137299efe1aULL, 0xb1f6b8eee9adb940ULL, 0xbdebcc8a809dfe6bULL,
     0x40fc1f791b178113ULL, 0x3ac1c3362d014864ULL, 0x9a016184bdb8aebaULL, 0x95f2394459fbc25eULL},
};

/* ---- width 12 ---- */

/* diag(M_I) - 1 (MAT_DIAG12_M_1). */
static const uint64_t ZP_P2_DIAG12_M1[12] = {
    0xc3b6c08e23ba9300ULL, 0xd84b5de94a324fb6ULL, 0x0d0c371c5b35b84fULL, 0x7964f570e7188037ULL,
    0x5daf18bbd996604bULL, 0x6743bc47b9595257ULL, 0x5528b9362c59bb70ULL, 0xac45e25b7127b68bULL,
    0xa2077d7dfbb606b5ULL, 0xf3faac6faee378aeULL, 0x0c6388b51545e883ULL, 0xd27dbb6944917b60ULL,
};

/* Full rounds 0..3 (RC12[0..4]). */
static const uint64_t ZP_P2_RC12_INITIAL[4][12] = {
    {0x13dcf33aba214f46ULL, 0x30b3b654a1da6d83ULL, 0x1fc634ada6159b56ULL, 0x937459964dc03466ULL,
     0xedd2ef2ca7949924ULL, 0xede9affde0e22f68ULL, 0x8515b9d6bac9282dULL, 0x6b5c07b4e9e900d8ULL,
     0x1ec66368838c8a08ULL, 0x9042367d80d1fbabULL, 0x400283564a3c3799ULL, 0x4a00be0466bca75eULL},
    {0x7913beee58e3817fULL, 0xf545e88532237d90ULL, 0x22f8cb8736042005ULL, 0x6f04990e247a2623ULL,
     0xfe22e87ba37c38cdULL, 0xd20e32c85ffe2815ULL, 0x117227674048fe73ULL, 0x4e9fb7ea98a6b145ULL,
     0xe0866c232b8af08bULL, 0x00bbc77916884964ULL, 0x7031c0fb990d7116ULL, 0x240a9e87cf35108fULL},
    {0x2e6363a5a12244b3ULL, 0x5e1c3787d1b5011cULL, 0x4132660e2a196e8bULL, 0x3a013b648d3d4327ULL,
     0xf79839f49888ea43ULL, 0xfe85658ebafe1439ULL, 0xb6889825a14240bdULL, 0x578453605541382bULL,
     0x4508cda8f6b63ce9ULL, 0x9c3ef35848684c91ULL, 0x0812bde23c87178cULL, 0xfe49638f7f722c14ULL},
    {0x8e3f688ce885cbf5ULL, 0xb8e110acf746a87dULL, 0xb4b2e8973a6dabefULL, 0x9e714c5da3d462ecULL,
     0x6438f9033d3d0c15ULL, 0x24312f7cf1a27199ULL, 0x23f843bb47acbf71ULL, 0x9183f11a34be9f01ULL,
     0x839062fbb9d45dbfULL, 0x24b56e7e6c2e43faULL, 0xe1683da61c962a72ULL, 0xa95c63971a19bfa7ULL},
};

/* Partial rounds 0..21 (RC12[4..26][0]). */
static const uint64_t ZP_P2_RC12_PARTIAL[22] = {
    0x4adf842aa75d4316ULL, 0xf8fbb871aa4ab4ebULL, 0x68e85b6eb2dd6aebULL, 0x07a0b06b2d270380ULL,
    0xd94e0228bd282de4ULL, 0x8bdd91d3250c5278ULL, 0x209c68b88bba778fULL, 0xb5e18cdab77f3877ULL,
    0xb296a3e808da93faULL, 0x8370ecbda11a327eULL, 0x3f9075283775dad8ULL, 0xb78095bb23c6aa84ULL,
    0x3f36b9fe72ad4e5fULL, 0x69bc96780b10b553ULL, 0x3f1d341f2eb7b881ULL, 0x4e939e9815838818ULL,
    0xda366b3ae2a31604ULL, 0xbc89db1e7287d509ULL, 0x6102f411f9ef5659ULL, 0x58725c5e7ac1f0abULL,
    0x0df5856c798883e7ULL, 0xf7bb62a8da4c961bULL,
};

/* Full rounds 4..7 (RC12[26..30]). */
static const uint64_t ZP_P2_RC12_TERMINAL[4][12] = {
    {0xc68be7c94882a24dULL, 0xaf996d5d5cdaedd9ULL, 0x9717f025e7daf6a5ULL, 0x6436679e6e7216f4ULL,
     0x8a223d99047af267ULL, 0xbb512e35a133ba9aULL, 0xfbbf44097671aa03ULL, 0xf04058ebf6811e61ULL,
     0x5cca84703fac7ffbULL, 0x9b55c7945de6469fULL, 0x8e05bf09808e934fULL, 0x2ea900de876307d7ULL},
    {0x7748fff2b38dfb89ULL, 0x6b99a676dd3b5d81ULL, 0xac4bb7c627cf7c13ULL, 0xadb6ebe5e9e2f5baULL,
     0x2d33378cafa24ae3ULL, 0x1e5b73807543f8c2ULL, 0x09208814bfebb10fULL, 0x782e64b6bb5b93ddULL,
     0xadd5a48eac90b50fULL, 0xadd4c54c736ea4b1ULL, 0xd58dbb86ed817fd8ULL, 0x6d5ed1a533f34dddULL},
    {0x28686aa3e36b7cb9ULL, 0x591abd3476689f36ULL, 0x047d766678f13875ULL, 0xa2a11112625f5b49ULL,
     0x21fd10a3f8304958ULL, 0xf9b40711443b0280ULL, 0xd2697eb8b2bde88eULL, 0x3493790b51731b3fULL,
     0x11caf9dd73764023ULL, 0x7acfb8f72878164eULL, 0x744ec4db23cefc26ULL, 0x1e00e58f422c6340ULL},
    {0x21dd28d906a62ddaULL, 0xf32a46ab5f465b5fULL, 0xbfce13201f3f7e6bULL, 0xf30d2e7adb5304e2ULL,
     0xecdf4ee4abad48e9ULL, 0xf94e82182d395019ULL, 0x4ee52e3744d887c5ULL, 0xa1341c7cac0083b2ULL,
     0x2302fb26c30c834aULL, 0xaea3c587273bf7d3ULL, 0xf798e24961823ec7ULL, 0x962deba3e9a2cd94ULL},
};

#endif
