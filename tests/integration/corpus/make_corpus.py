"""Writes grading_corpus.json: realistic student answers with a careful teacher's verdict.

Each case is an exercise (`op`, `input`), an answer in the form a student would write it, the
options a teacher would grade with, the verdict (`correct`), and for a classic mistake the
misconception it shows. Right answers come in many forms (fractions, rounding within the asked
digits, eigenvectors at any scale, flipped signs where a sign is free, other bases of the same
subspace); wrong ones are the classic mistakes of each rung, computed the way the mistake
computes them.

    python3 tests/integration/corpus/make_corpus.py     # needs numpy

The file is committed: the test (tests/integration/corpus.rs) reads it, and a reviewer reads
it; this script only saves typing. Re-run it after changing a case here.
"""

import json
import math
import os
from fractions import Fraction

import numpy as np

CASES = []


def case(op, inp, answer, correct, note, misconception=None, **options):
    c = {"op": op, "input": inp, "answer": answer, "correct": correct, "note": note}
    if misconception:
        c["misconception"] = misconception
    c.update(options)
    CASES.append(c)


def r(x, d=6):
    """A student's rounding to d decimals."""
    return np.round(np.asarray(x, dtype=float), d).tolist()


def frac(x):
    return str(Fraction(x).limit_denominator(1000))


D2 = {"tolerance": {"decimals": 2}}

# --- vectors -----------------------------------------------------------------------------
a, b = [1, 2, 3], [4, 5, 6]
case("dot", {"a": a, "b": b}, {"dot": 32}, True, "textbook dot product")
case("dot", {"a": a, "b": b}, {"dot": "32"}, True, "as a string")
case("dot", {"a": a, "b": b}, {"dot": 32.0}, True, "as a float")
case("dot", {"a": a, "b": b}, {"dot": 31}, False, "an addition slip")
case("dot", {"a": a, "b": b}, {"dot": -32}, False, "a sign slip", "sign-error")
case("dot", {"a": a, "b": b}, {"dot": [4, 10, 18]}, False, "entrywise products, not summed")
case("dot", {"a": [-1, 2], "b": [3, 4]}, {"dot": 5}, True, "negative entries")
case("dot", {"a": [-1, 2], "b": [3, 4]}, {"dot": 11}, False, "dropped the sign of -1", None)

u, v = [1, 0], [1, 1]
rad = math.pi / 4
case("cosine", {"a": u, "b": v}, {"cosine": 0.7071, "angle_radians": 0.7854, "angle_degrees": 45}, True, "to 4 decimals", **D2)
case("cosine", {"a": u, "b": v}, {"cosine": "0.71", "angle_degrees": 45.0}, True, "two decimals as asked", **D2)
case("cosine", {"a": u, "b": v}, {"angle_degrees": rad}, False, "radians where degrees were asked", "radians-degrees", **D2)
case("cosine", {"a": u, "b": v}, {"angle_radians": 45}, False, "degrees where radians were asked", "radians-degrees", **D2)
case("cosine", {"a": u, "b": v}, {"cosine": 0.7}, False, "one decimal where two were asked", "too-few-digits", **D2)
case("cosine", {"a": [1, 2], "b": [2, 4]}, {"cosine": 1, "angle_degrees": 0}, True, "parallel vectors", **D2)
case("cosine", {"a": [1, 0], "b": [-1, 0]}, {"cosine": 1}, False, "forgot the sign: opposite vectors", "sign-error", **D2)

case("norm", {"vector": [3, 4]}, {"norm": 5}, True, "3-4-5")
case("norm", {"vector": [3, 4]}, {"norm": 25}, False, "forgot the square root", "squared")
case("norm", {"vector": [3, -4], "ord": "l1"}, {"norm": 7}, True, "l1 norm")
case("norm", {"vector": [3, -4], "ord": "l1"}, {"norm": -1}, False, "summed without absolute values")
case("norm", {"vector": [3, -4], "ord": "linf"}, {"norm": 4}, True, "max norm")
case("norm", {"matrix": [[1, 2], [3, 4]]}, {"norm": "5.48"}, True, "Frobenius to 2 decimals", **D2)
case("norm", {"matrix": [[1, 2], [3, 4]]}, {"norm": 30}, False, "sum of squares without the root", "squared", **D2)
case("norm", {"matrix": [[1, -2], [3, 4]], "ord": "inf"}, {"norm": 7}, True, "NumPy's inf: largest row sum")

case("distance", {"a": [1, 2], "b": [4, 6]}, {"distance": 5}, True, "euclidean")
case("distance", {"a": [1, 2], "b": [4, 6], "metric": "manhattan"}, {"distance": 7}, True, "manhattan")
case("distance", {"a": [1, 2], "b": [4, 6], "metric": "chebyshev"}, {"distance": 4}, True, "chebyshev")
case("distance", {"a": [1, 2], "b": [4, 6]}, {"distance": 25}, False, "squared distance", "squared")

case("cross", {"a": [1, 0, 0], "b": [0, 1, 0]}, {"cross": [0, 0, 1]}, True, "i x j = k")
case("cross", {"a": [1, 0, 0], "b": [0, 1, 0]}, {"cross": [0, 0, -1]}, False, "j x i: the order reversed", "sign-error")
case("cross", {"a": [1, 2, 3], "b": [4, 5, 6]}, {"cross": [-3, 6, -3]}, True, "textbook")
case("cross", {"a": [1, 2, 3], "b": [4, 5, 6]}, {"cross": [3, -6, 3]}, False, "b x a", "sign-error")
case("cross", {"a": [1, 2, 3], "b": [4, 5, 6]}, {"cross": [-3, -6, -3]}, False, "middle sign of the cofactor expansion forgotten")

case("linear-combination", {"vectors": [[1, 0], [0, 1]], "coefficients": [2, 3]}, {"result": [2, 3]}, True, "textbook")
case("linear-combination", {"vectors": [[1, 2], [3, 4]], "coefficients": [2, -1]}, {"result": [-1, 0]}, True, "a negative coefficient")
case("linear-combination", {"vectors": [[1, 2], [3, 4]], "coefficients": [2, -1]}, {"result": [5, 8]}, False, "ignored the minus sign")

case("project", {"vector": [2, 3], "onto": [1, 0]}, {"projection": [2, 0], "residual": [0, 3], "coefficients": [2]}, True, "onto an axis")
case("project", {"vector": [1, 2], "onto": [1, 1]}, {"projection": ["3/2", "3/2"], "residual": ["-1/2", "1/2"]}, True, "fractions")
case("project", {"vector": [1, 2], "onto": [1, 1]}, {"projection": [1.5, 1.5], "coefficients": [1.5]}, True, "decimals")
case("project", {"vector": [1, 2], "onto": [1, 1]}, {"projection": [3, 3]}, False, "forgot to divide by u . u")
case("project", {"vector": [1, 2], "onto": [1, 1]}, {"residual": [0.5, -0.5]}, False, "residual the wrong way round", "sign-error")

# --- matrices ----------------------------------------------------------------------------
A, B = np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]])
inp = {"a": A.tolist(), "b": B.tolist()}
case("matmul", inp, {"result": (A @ B).tolist(), "shape": [2, 2]}, True, "textbook product")
case("matmul", inp, {"result": [["19", "22"], ["43", "50"]]}, True, "as strings")
case("matmul", inp, {"result": (B @ A).tolist()}, False, "B A for A B", "product-order")
case("matmul", inp, {"result": (A * B).tolist()}, False, "entry by entry", "elementwise-product")
case("matmul", inp, {"result": (A @ B).T.tolist()}, False, "the transpose of the product", "transposed")
case("matmul", inp, {"result": [[19, 22], [43, 51]]}, False, "one slip")
case("matmul", inp, {"shape": [2, 2]}, True, "the shape alone")
A23, B32 = np.array([[1, 2, 3], [4, 5, 6]]), np.array([[1, 0], [0, 1], [1, 1]])
inp = {"a": A23.tolist(), "b": B32.tolist()}
case("matmul", inp, {"result": (A23 @ B32).tolist(), "shape": [2, 2]}, True, "2x3 times 3x2")
case("matmul", inp, {"result": (B32 @ A23).tolist(), "shape": [3, 3]}, False, "B A: a 3x3 matrix", "product-order")
case("matmul", {"a": [[1, 2], [3, 4]], "b": [5, 6]}, {"result": [17, 39], "shape": [2]}, True, "matrix times vector")
case("matmul", {"a": [[1, 2], [3, 4]], "b": [5, 6]}, {"result": [23, 34]}, False, "v^T A instead of A v")

case("transpose", {"matrix": [[1, 2, 3], [4, 5, 6]]}, {"result": [[1, 4], [2, 5], [3, 6]]}, True, "textbook")
case("transpose", {"matrix": [[1, 2, 3], [4, 5, 6]]}, {"result": [[1, 2, 3], [4, 5, 6]]}, False, "the matrix itself: the transpose of the answer", "transposed")

case("determinant", {"matrix": [[1, 2], [3, 4]]}, {"determinant": -2}, True, "ad - bc")
case("determinant", {"matrix": [[1, 2], [3, 4]]}, {"determinant": "-2"}, True, "as a string")
case("determinant", {"matrix": [[1, 2], [3, 4]]}, {"determinant": -2.0000000000000004}, True, "NumPy's own answer")
case("determinant", {"matrix": [[1, 2], [3, 4]]}, {"determinant": -2.0000000000000004}, False, "NumPy's answer where exact is required", None, require=["exact"])
case("determinant", {"matrix": [[1, 2], [3, 4]]}, {"determinant": 2}, False, "bc - ad", "sign-error")
case("determinant", {"matrix": [[1, 2], [3, 4]]}, {"determinant": 10}, False, "ad + bc")
M3 = [[2, 0, 1], [1, 3, 2], [1, 1, 2]]
d3 = round(np.linalg.det(np.array(M3)))
case("determinant", {"matrix": M3}, {"determinant": d3}, True, "3x3 by cofactors")
case("determinant", {"matrix": M3}, {"determinant": -d3}, False, "a cofactor sign flipped everywhere", "sign-error")
case("determinant", {"matrix": [[4, 7], [2, 6]]}, {"determinant": 10}, True, "textbook", require=["exact"])
case("determinant", {"matrix": [[0.5, 2], [3, 4]]}, {"determinant": -4.0000000001}, True, "decimal input, within tolerance")

M = np.array([[4, 7], [2, 6]])
inv = np.linalg.inv(M)
adj = inv * 10
case("inverse", {"matrix": M.tolist()}, {"inverse": r(inv, 2)}, True, "two decimals", **D2)
case("inverse", {"matrix": M.tolist()}, {"inverse": [["3/5", "-7/10"], ["-1/5", "2/5"]]}, True, "fractions", **D2)
case("inverse", {"matrix": M.tolist()}, {"inverse": adj.round().tolist()}, False, "forgot 1/det", "missing-determinant-scale", **D2)
case("inverse", {"matrix": M.tolist()}, {"inverse": r(inv.T, 2)}, False, "cofactors not transposed", "adjugate-not-transposed", **D2)
case("inverse", {"matrix": M.tolist()}, {"inverse": adj.T.round().tolist()}, False, "cofactor matrix", "adjugate-not-transposed", **D2)
case("inverse", {"matrix": M.tolist()}, {"inverse": r(-inv, 2)}, False, "negated", "sign-error", **D2)
M2 = np.array([[2, 1], [1, 2]])
inv2 = np.linalg.inv(M2)
case("inverse", {"matrix": M2.tolist()}, {"inverse": [[0.67, -0.33], [-0.33, 0.67]]}, True, "thirds to 2 decimals", **D2)
case("inverse", {"matrix": M2.tolist()}, {"inverse": [[0.7, -0.3], [-0.3, 0.7]]}, False, "thirds to 1 decimal", "too-few-digits", **D2)
case("inverse", {"matrix": M2.tolist()}, {"inverse": [[2, -1], [-1, 2]]}, False, "adjugate of a det-3 matrix", "missing-determinant-scale", **D2)
case("inverse", {"matrix": [[2, 1], [1, 1]]}, {"inverse": [[1, -1], [-1, 2]]}, True, "unimodular")

case("solve", {"a": [[2, 1], [1, 3]], "b": [3, 5]}, {"x": [0.8, 1.4]}, True, "decimals")
case("solve", {"a": [[2, 1], [1, 3]], "b": [3, 5]}, {"x": ["4/5", "7/5"]}, True, "fractions")
case("solve", {"a": [[2, 1], [1, 3]], "b": [3, 5]}, {"x": [1.4, 0.8]}, False, "unknowns swapped")
case("solve", {"a": [[2, 1], [1, 3]], "b": [3, 5]}, {"x": [0.8, 1.5]}, False, "back-substitution slip")

case("lstsq", {"a": [[1, 0], [1, 1], [1, 2]], "b": [1, 2, 2]}, {"x": ["7/6", "1/2"], "rank": 2}, True, "normal equations")
case("lstsq", {"a": [[1, 0], [1, 1], [1, 2]], "b": [1, 2, 2]}, {"x": [1.17, 0.5]}, True, "two decimals", **D2)
case("lstsq", {"a": [[1, 0], [1, 1], [1, 2]], "b": [1, 2, 2]}, {"rank": 3}, False, "rank of a 3x2 matrix above 2")

case("rank", {"matrix": [[1, 2], [2, 4]]}, {"rank": 1}, True, "dependent rows")
case("rank", {"matrix": [[1, 2], [2, 4]]}, {"rank": 2}, False, "counted the rows")
case("rank", {"matrix": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}, {"rank": 2}, True, "the classic singular 3x3")
case("rank", {"matrix": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}, {"rank": 3}, False, "assumed full rank")

h = 1 / math.sqrt(2)
sub = {"matrix": [[1, 1, 0], [1, 1, 0]]}
case("subspaces", sub, {"rank": 1, "null_space": [[h, -h, 0], [0, 0, 1]]}, True, "orthonormal null space")
case("subspaces", sub, {"null_space": [[1, -1, 0], [0, 0, 1]]}, True, "a basis, not normalised (none required)")
case("subspaces", sub, {"null_space": [[1, -1, 0], [0, 0, 1]]}, False, "not normalised where orthonormal is required", None, require=["orthonormal"])
case("subspaces", sub, {"null_space": [[1, -1, 1], [1, -1, -1]]}, True, "another basis of the plane")
case("subspaces", sub, {"null_space": [[1, 1, 0], [0, 0, 1]]}, False, "a sign slip: (1, 1, 0) is not in the null space")
case("subspaces", sub, {"null_space": [[0, 0, 1]]}, False, "one vector for a plane")
case("subspaces", sub, {"null_space": [[1, -1, 0], [2, -2, 0]]}, False, "two parallel vectors")
case("subspaces", sub, {"column_space": [[h, h]], "row_space": [[-h, -h, 0]]}, True, "column and row space, a sign flipped")
case("subspaces", sub, {"column_space": [[1, 1]]}, True, "an unnormalised column")
case("subspaces", sub, {"column_space": [[1, -1]]}, False, "the left null space instead")

case("rref", {"matrix": [[2, 4, 1], [1, 2, 0]]}, {"rref": [["1", "2", "0"], ["0", "0", "1"]], "pivots": [0, 2], "rank": 2}, True, "exact strings")
case("rref", {"matrix": [[2, 4, 1], [1, 2, 0]]}, {"rref": [[1, 2, 0], [0, 0, 1]]}, True, "numbers")
case("rref", {"matrix": [[2, 4, 1], [1, 2, 0]]}, {"pivots": [1, 3]}, False, "pivots counted from 1", "one-based")
case("rref", {"matrix": [[2, 3], [4, 6]]}, {"rref": [["1", "3/2"], ["0", "0"]], "rank": 1}, True, "a fraction", require=["exact"])
case("rref", {"matrix": [[2, 3], [4, 6]]}, {"rref": [[1, 1.5], [0, 0]]}, True, "1.5 is exactly 3/2", require=["exact"])
case("rref", {"matrix": [[3, 1], [6, 2]]}, {"rref": [[1, 0.3333333], [0, 0]]}, False, "a rounded third where exact is required", None, require=["exact"])
case("rref", {"matrix": [[3, 1], [6, 2]]}, {"rref": [[1, "1/3"], [0, 0]]}, True, "one third", require=["exact"])
case("rref", {"matrix": [[3, 1], [6, 2]]}, {"rref": [[3, 1], [0, 0]]}, False, "row echelon form, not reduced")

# --- decompositions -----------------------------------------------------------------------
S = np.array([[3, 0], [4, 5]], dtype=float)
U, s, Vt = np.linalg.svd(S)
case("svd", {"matrix": S.tolist()}, {"u": U.tolist(), "s": s.tolist(), "vt": Vt.tolist()}, True, "NumPy's factors")
Uf, Vtf = U.copy(), Vt.copy()
Uf[:, 0] *= -1
Vtf[0] *= -1
case("svd", {"matrix": S.tolist()}, {"u": Uf.tolist(), "vt": Vtf.tolist()}, True, "a pair of signs flipped together")
case("svd", {"matrix": S.tolist()}, {"u": Uf.tolist(), "vt": Vt.tolist()}, False, "u_1 flipped without v_1")
case("svd", {"matrix": S.tolist()}, {"s": [6.71, 2.24]}, True, "two decimals", **D2)
case("svd", {"matrix": S.tolist()}, {"s": ["sqrt(45)", "sqrt(5)"]}, False, "square roots as text (not a number)")
case("svd", {"matrix": S.tolist()}, {"s": [45, 5]}, False, "eigenvalues of A^T A", "squared")
case("svd", {"matrix": S.tolist()}, {"s": [2.24, 6.71]}, False, "ascending", "ascending-order", **D2)
# Vt as a rotation (flip a row's sign if NumPy's is a reflection, which equals its transpose)
Vrot = Vt.copy()
if np.linalg.det(Vrot) < 0:
    Vrot[1] *= -1
case("svd", {"matrix": S.tolist()}, {"vt": Vrot.tolist()}, True, "vt with the second row's sign flipped (only vt given)")
case("svd", {"matrix": S.tolist()}, {"vt": Vrot.T.tolist()}, False, "V given for Vt", "factors-swapped")
P = np.array([[6, -4], [8, 3]], dtype=float)  # [[3,-4],[4,3]] diag(2,1)
Up, sp, Vtp = np.linalg.svd(P)
case("svd", {"matrix": P.tolist()}, {"s": [10, 5]}, True, "a Pythagorean SVD by hand")
case("svd", {"matrix": P.tolist()}, {"u": [[0.6, -0.8], [0.8, 0.6]], "s": [10, 5], "vt": [[1, 0], [0, 1]]}, True, "by hand, signs chosen freely")
case("svd", {"matrix": P.tolist()}, {"u": [[0.6, 0.8], [0.8, -0.6]], "s": [10, 5], "vt": [[1, 0], [0, 1]]}, False, "u_2 flipped alone")

case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [1, 3]}, True, "ascending")
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [3, 1]}, True, "any order")
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [3, 1]}, False, "descending where order is required", "ascending-order", require=["order"])
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [-1, -3]}, False, "det(λI - A) signs", "sign-error")
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [1, 3], "eigenvectors": [[1, -1], [1, 1]]}, True, "unnormalised eigenvectors")
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [1, 3], "eigenvectors": [[1, -1], [1, 1]]}, False, "unnormalised where unit is required", None, require=["unit"])
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [1, 3], "eigenvectors": [[-h, h], [h, h]]}, True, "unit, signs free", require=["unit"])
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [3, 1], "eigenvectors": [[1, 1], [1, -1]]}, True, "each vector with its own value")
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvalues": [1, 3], "eigenvectors": [[1, 1], [1, -1]]}, False, "vectors swapped against their values")
case("eigen", {"matrix": [[2, 1], [1, 2]]}, {"eigenvectors": [[2, -2], [-3, -3]]}, True, "any nonzero multiples")
case("eigen", {"matrix": [[1, 1], [0, 1]]}, {"eigenvalues": [1, 1], "eigenvectors": [[1, 0], [1, 0]]}, True, "defective: one eigenvector, repeated")
case("eigen", {"matrix": [[1, 1], [0, 1]]}, {"eigenvalues": [1, 1], "eigenvectors": [[1, 0], [0, 1]]}, False, "(0, 1) is not an eigenvector")
case("eigen", {"matrix": [[2, 0, 0], [0, 2, 0], [0, 0, 5]]}, {"eigenvalues": [2, 2, 5], "eigenvectors": [[0.6, 0.8, 0], [-0.8, 0.6, 0], [0, 0, 1]]}, True, "a rotated basis of the repeated eigenspace")
case("eigen", {"matrix": [[2, 0, 0], [0, 2, 0], [0, 0, 5]]}, {"eigenvalues": [2, 2, 5], "eigenvectors": [[1, 1, 0], [1, -1, 0], [0, 0, 3]]}, True, "unnormalised basis of the eigenspace")
case("eigen", {"matrix": [[2, 0, 0], [0, 2, 0], [0, 0, 5]]}, {"eigenvalues": [2, 2, 5], "eigenvectors": [[1, 0, 0], [2, 0, 0], [0, 0, 1]]}, False, "dependent vectors for the repeated value")
case("eigen", {"matrix": [[0, -1], [1, 0]]}, {"eigenvalues": [{"re": 0, "im": -1}, {"re": 0, "im": 1}]}, True, "a rotation's complex pair")
case("eigen", {"matrix": [[0, -1], [1, 0]]}, {"eigenvalues": [{"re": 0, "im": -1}, {"re": 0, "im": 1}], "eigenvectors": [[{"re": 1, "im": 0}, {"re": 0, "im": 1}], [{"re": 0, "im": 1}, {"re": 1, "im": 0}]]}, True, "complex eigenvectors at any complex scale")
case("eigen", {"matrix": [[0, -1], [1, 0]]}, {"eigenvalues": [1, -1]}, False, "real eigenvalues for a rotation")
case("eigen", {"matrix": [[4, 1], [2, 3]]}, {"eigenvalues": [2, 5], "eigenvectors": [[1, -2], [1, 1]]}, True, "non-symmetric, integer eigenvalues")

case("low-rank", {"matrix": [[3, 0], [0, 1]], "k": 1}, {"approximation": [[3, 0], [0, 0]], "error_fro": 1, "error_spectral": 1}, True, "drop the small value")
case("low-rank", {"matrix": [[3, 0], [0, 1]], "k": 1}, {"approximation": [[0, 0], [0, 1]]}, False, "kept the smallest singular value")
case("low-rank", {"matrix": [[3, 0], [0, 1]], "k": 1}, {"energy_retained": 0.9, "params_low_rank": 4, "params_full": 4}, True, "9 / 10 of the energy")

case("qr", {"matrix": [[3, 1], [4, 2]]}, {"q": [[0.6, -0.8], [0.8, 0.6]], "r": [[5, 2.2], [0, 0.4]]}, True, "Gram-Schmidt by hand")
case("qr", {"matrix": [[3, 1], [4, 2]]}, {"r": [[5, 2.2], [0, -0.4]]}, False, "a negative diagonal in R")
case("lu", {"matrix": [[1, 2], [3, 4]]}, {"p": [[0, 1], [1, 0]], "l": [[1, 0], ["1/3", 1]], "u": [[3, 4], [0, "2/3"]]}, True, "partial pivoting")
case("lu", {"matrix": [[1, 2], [3, 4]]}, {"l": [[1, 0], [3, 1]], "u": [[1, 2], [0, -2]]}, False, "no pivoting")
case("cholesky", {"matrix": [[4, 2], [2, 5]]}, {"l": [[2, 0], [1, 2]]}, True, "textbook")
case("cholesky", {"matrix": [[4, 2], [2, 5]]}, {"l": [[2, 1], [0, 2]]}, False, "L^T for L", "transposed")

# --- PCA ----------------------------------------------------------------------------------
X = np.array([[-6, -8], [-3, -4], [3, 4], [6, 8]], dtype=float) + np.array([[1, -1], [-1, 1], [-1, 1], [1, -1]]) * np.array([4, -3]) / 1.0
# Samples along (3, 4) with a little spread along (4, -3).
mean = X.mean(axis=0)
C = np.cov(X.T)
w, V = np.linalg.eigh(C)
comp = V[:, -1]
comp = comp if comp[np.argmax(abs(comp))] > 0 else -comp
scores = (X - mean) @ comp
ev = w[-1]
inp = {"data": X.tolist(), "n_components": 1}
case("pca", inp, {"components": [r(comp, 2)], "explained_variance": [round(ev, 2)]}, True, "by hand, 2 decimals", **D2)
case("pca", inp, {"components": [r(-comp, 2)], "transformed": r(-scores[:, None], 2)}, True, "the other sign, scores flipped too", **D2)
case("pca", inp, {"components": [r(-comp, 2)], "transformed": r(scores[:, None], 2)}, False, "component flipped, scores not", None, **D2)
case("pca", inp, {"explained_variance": [round(ev * 3 / 4, 2)]}, False, "divided by n, not n - 1", "ddof", **D2)
case("pca", inp, {"components": [r(comp * 5, 2)]}, True, "a multiple of the component (unit not required)", **D2)
case("pca", inp, {"components": [r(comp * 5, 2)]}, False, "not unit length where unit is required", None, require=["unit"], **D2)
case("pca", inp, {"mean": r(mean, 2)}, True, "the mean", **D2)

# --- tensors ------------------------------------------------------------------------------
t = np.arange(24).reshape(2, 3, 4)
tin = {"shape": [2, 3, 4], "data": t.flatten().tolist()}
tt = np.swapaxes(t, -1, -2)
case("tensor/transpose", {"tensor": tin, "dim0": -1, "dim1": -2}, {"tensor": {"shape": list(tt.shape), "data": tt.flatten().tolist()}}, True, "swap the last two")
case("tensor/transpose", {"tensor": tin, "dim0": -1, "dim1": -2}, {"tensor": {"shape": [4, 3, 2], "data": t.T.flatten().tolist()}}, False, ".T reverses every dimension", "transposed")
case("tensor/transpose", {"tensor": tin, "dim0": -1, "dim1": -2}, {"tensor": {"shape": [2, 4, 3], "data": t.flatten().tolist()}}, False, "new shape, old data order")
case("tensor/reshape", {"tensor": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}, "shape": [3, -1]}, {"tensor": {"shape": [3, 2], "data": [1, 2, 3, 4, 5, 6]}}, True, "row-major reshape")
case("tensor/reshape", {"tensor": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}, "shape": [3, -1]}, {"tensor": {"shape": [3, 2], "data": [1, 4, 2, 5, 3, 6]}}, False, "column-major reading")
case("tensor/permute", {"tensor": {"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]}, "dims": [2, 0, 1]}, {"tensor": {"shape": [3, 1, 2], "data": [1, 4, 2, 5, 3, 6]}}, True, "permute")
case("tensor/matmul", {"a": {"shape": [2, 1, 2], "data": [1, 2, 3, 4]}, "b": {"shape": [2, 1], "data": [1, 1]}}, {"tensor": {"shape": [2, 1, 1], "data": [3, 7]}}, True, "batched")
case("tensor/matmul", {"a": {"shape": [2, 1, 2], "data": [1, 2, 3, 4]}, "b": {"shape": [2, 1], "data": [1, 1]}}, {"tensor": {"shape": [2, 1], "data": [3, 7]}}, False, "dropped the middle dimension")

sh = {"input": [32, 10, 64], "ops": [{"op": "transpose", "dim0": 1, "dim1": 2}, {"op": "matmul", "other": [32, 10, 5]}]}
case("shapes", sh, {"shapes": [[32, 64, 10], [32, 64, 5]]}, True, "transpose then batched matmul")
case("shapes", sh, {"shapes": [[32, 10, 64], [32, 10, 5]]}, False, "skipped the transpose")
case("shapes", {"input": [10000000], "ops": [{"op": "reshape", "shape": [-1]}]}, {"shapes": [[10000001]]}, False, "off by one in a large dimension")
case("shapes", {"input": [10000000], "ops": [{"op": "reshape", "shape": [-1]}]}, {"shapes": [[10000000]]}, True, "a large dimension")

# --- machine learning --------------------------------------------------------------------
case("softmax", {"vector": [1, 2, 3]}, {"result": [0.09, 0.24, 0.67]}, True, "two decimals", **D2)
case("softmax", {"vector": [1, 2, 3]}, {"result": [0.17, 0.33, 0.5]}, False, "divided by the sum, no exponentials", None, **D2)
case("softmax", {"vector": [0, 0]}, {"result": ["1/2", "1/2"]}, True, "uniform")
att = {"q": [[1, 0], [0, 1]], "k": [[1, 0], [0, 1]], "v": [[1, 2], [3, 4]]}
Q, K = np.array(att["q"], float), np.array(att["k"], float)
sc = Q @ K.T / math.sqrt(2)
wt = np.exp(sc) / np.exp(sc).sum(axis=1, keepdims=True)
case("attention", att, {"scores": r(sc, 2), "weights": r(wt, 2)}, True, "scaled by 1/sqrt(2)", **D2)
raw = Q @ K.T
wr = np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True)
case("attention", att, {"scores": raw.tolist()}, False, "forgot 1/sqrt(d)", "missing-scale", **D2)
case("attention", att, {"weights": r(wr, 2)}, False, "weights without 1/sqrt(d)", "missing-scale", **D2)
case("attention", dict(att, mask="causal"), {"weights": [[1, 0], [0.33, 0.67]]}, True, "causal mask", **D2)
case("attention", dict(att, mask="causal"), {"weights": r(wt, 2)}, False, "mask not applied", None, **D2)
case("lora", {"w": [[0, 0, 0], [0, 0, 0]], "a": [[1, 2, 3]], "b": [[1], [1]], "alpha": 2}, {"merged": [[2, 4, 6], [2, 4, 6]], "delta_rank": 1, "params_lora": 5}, True, "alpha / r = 2")
case("lora", {"w": [[0, 0, 0], [0, 0, 0]], "a": [[1, 2, 3]], "b": [[1], [1]], "alpha": 2}, {"merged": [[1, 2, 3], [1, 2, 3]]}, False, "ignored alpha / r")
case("lora", {"w": [[0, 0, 0], [0, 0, 0]], "a": [[1, 2, 3]], "b": [[1], [1]], "alpha": 2}, {"params_lora": 6}, False, "counted d * k")

# --- search -------------------------------------------------------------------------------
srch = {"embeddings": [[1, 0], [2, 0], [0, 1]], "query": [1, 0], "k": 2}
case("cosine-search", srch, {"results": [{"index": 0, "score": 1}, {"index": 1, "score": 1}]}, True, "a tie")
case("cosine-search", srch, {"results": [{"index": 1, "score": 1}, {"index": 0, "score": 1}]}, True, "a tie, other order")
case("cosine-search", srch, {"results": [{"index": 1, "score": 1}, {"index": 2, "score": 1}]}, False, "counted from 1", "one-based")
case("cosine-search", srch, {"results": [{"index": 2, "score": 0}, {"index": 0, "score": 1}]}, False, "worst first")

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "grading_corpus.json"), "w") as f:
    json.dump(CASES, f, indent=1)
    f.write("\n")
right = sum(c["correct"] for c in CASES)
print(f"{len(CASES)} cases: {right} right answers, {len(CASES) - right} wrong ones, "
      f"{sum('misconception' in c for c in CASES)} with a named misconception")
