// RFC 6962 tree hashes and audit paths against the Certificate Transparency test
// vectors (leaves "", 00, 10, 2021, ...; roots of every size 1..8 and two paths).
#include <gtest/gtest.h>

#include "evidence/merkle.h"
#include "evidence/merkle_paths.h"

namespace vigie::evidence {
namespace {

std::string unhex(std::string_view h) {
    std::string s;
    for (size_t i = 0; i + 1 < h.size(); i += 2) s.push_back(char(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return s;
}
Digest D(std::string_view h) { return *digest_from_hex(h); }

const char* kLeaves[] = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                         "606162636465666768696a6b6c6d6e6f"};
const char* kRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::vector<Digest> vector_leaves() {
    std::vector<Digest> v;
    for (const char* l : kLeaves) v.push_back(leaf_hash(unhex(l)));
    return v;
}

TEST(Merkle, RootsMatchRfc6962VectorsForEverySize) {
    const auto leaves = vector_leaves();
    MerkleFrontier f;
    EXPECT_EQ(to_hex(f.root()), kRoots[0]);
    for (size_t n = 1; n <= leaves.size(); ++n) {
        f.append(leaves[n - 1]);
        EXPECT_EQ(to_hex(merkle_root(std::span(leaves).first(n))), kRoots[n]) << "size " << n;
        EXPECT_EQ(to_hex(f.root()), kRoots[n]) << "frontier, size " << n;
    }
    MerkleLevels lv(leaves);
    for (size_t n = 0; n <= leaves.size(); ++n) EXPECT_EQ(to_hex(lv.root(n)), kRoots[n]) << "levels, size " << n;
}

TEST(Merkle, AuditPathsMatchPublishedProofs) {
    MerkleLevels lv(vector_leaves());
    const std::vector<Digest> p0 = {D("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                                    D("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                                    D("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")};
    const std::vector<Digest> p5 = {D("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                                    D("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                                    D("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")};
    EXPECT_EQ(lv.audit_path(0, 8), p0);
    EXPECT_EQ(lv.audit_path(5, 8), p5);
}

TEST(Merkle, EveryProofVerifiesInEveryTreeSizeAndNoWrongOneDoes) {
    std::vector<Digest> leaves;
    for (int i = 0; i < 37; ++i) leaves.push_back(leaf_hash(std::string(size_t(i), char(i))));
    MerkleLevels lv(leaves);
    for (uint64_t n = 1; n <= leaves.size(); ++n) {
        const Digest root = merkle_root(std::span(leaves).first(n));
        ASSERT_EQ(lv.root(n), root);
        for (uint64_t i = 0; i < n; ++i) {
            auto path = lv.audit_path(i, n);
            EXPECT_TRUE(verify_inclusion(i, n, leaves[i], path, root)) << i << "/" << n;
            // Wrong index, wrong leaf, wrong size, dropped or extra step: all rejected.
            if (n > 1) {
                EXPECT_FALSE(verify_inclusion((i + 1) % n, n, leaves[i], path, root));
            }
            EXPECT_FALSE(verify_inclusion(i, n, leaves[(i + 1) % leaves.size()], path, root));
            if (!path.empty()) {
                auto shorter = path;
                shorter.pop_back();
                EXPECT_FALSE(verify_inclusion(i, n, leaves[i], shorter, root));
                auto flipped = path;
                flipped[0][0] ^= 1;
                EXPECT_FALSE(verify_inclusion(i, n, leaves[i], flipped, root));
            }
            auto longer = path;
            longer.push_back(root);
            EXPECT_FALSE(verify_inclusion(i, n, leaves[i], longer, root));
        }
    }
}

}  // namespace
}  // namespace vigie::evidence

namespace vigie::evidence {
namespace {

// The streaming audit paths (export) against the all-levels ones, for every tree
// size up to 70 and every choice pattern: all leaves, every third, the last only.
TEST(StreamingAuditPaths, SameAsMerkleLevelsForEveryLeafAndSize) {
    for (uint64_t n = 1; n <= 70; ++n) {
        std::vector<Digest> leaves;
        for (uint64_t i = 0; i < n + 5; ++i) leaves.push_back(leaf_hash(std::string(1 + i % 7, char('a' + i % 26))));
        MerkleLevels levels(std::vector<Digest>(leaves.begin(), leaves.begin() + long(n)));
        for (int pattern = 0; pattern < 3; ++pattern) {
            auto chosen = [&](uint64_t i) { return pattern == 0 || (pattern == 1 && i % 3 == 1) || i == n - 1; };
            StreamingAuditPaths sp(n);
            for (uint64_t i = 0; i < leaves.size(); ++i) {  // leaves past n are ignored
                if (chosen(i)) sp.want(i);
                sp.append(leaves[i]);
            }
            ASSERT_EQ(sp.root(), levels.root(n)) << "n=" << n;
            for (uint64_t i = 0; i < n; ++i) {
                if (!chosen(i)) continue;
                const auto path = sp.path(i);
                EXPECT_EQ(path, levels.audit_path(i, n)) << "n=" << n << " leaf " << i;
                EXPECT_TRUE(verify_inclusion(i, n, leaves[i], path, levels.root(n)));
            }
        }
    }
}

}  // namespace
}  // namespace vigie::evidence
