"""Input checks shared by Problem, Solver and linprog.

Every failure is a ValueError that names the array and the index, e.g.
``c[3] is nan`` or ``A[2, 5] is inf``, raised before anything reaches C.
Arrays that already have the layout C wants (float64, C-contiguous) pass
through without a copy.
"""
import numpy as np

REAL_KINDS = "biuf"  # bool, signed, unsigned, float


def as_real_array(name, value):
    """value as a float64 numpy array (no copy when it already is one)."""
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name}: not an array of real numbers ({exc})") from None
    if arr.dtype.kind not in REAL_KINDS:
        raise ValueError(f"{name}: dtype {arr.dtype} is not a real number type")
    arr = np.asarray(arr, dtype=np.float64)
    return arr if arr.flags.c_contiguous else np.ascontiguousarray(arr)  # (keeps 0-d as 0-d)


def vector(name, value, n, default=None, what="entries"):
    """A float64 vector of length n; a scalar (or None with a default) is broadcast."""
    if value is None:
        if default is None:
            raise ValueError(f"{name} is required")
        value = default
    arr = as_real_array(name, value)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array of {n} {what}, got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(f"{name}: length {arr.shape[0]}, expected {n} {what}")
    return arr


def first_bad(mask):
    return int(np.flatnonzero(mask)[0])


def finite(name, arr):
    bad = ~np.isfinite(arr)
    if bad.any():
        i = first_bad(bad)
        raise ValueError(f"{name}[{i}] is {arr[i]}: must be finite")


def bounds(lower_name, lower, upper_name, upper):
    """NaN, a lower side of +inf, an upper side of -inf, or lower > upper."""
    for name, arr, wrong in ((lower_name, lower, np.inf), (upper_name, upper, -np.inf)):
        bad = np.isnan(arr) | (arr == wrong)
        if bad.any():
            i = first_bad(bad)
            raise ValueError(f"{name}[{i}] is {arr[i]}: not a valid bound")
    bad = lower > upper
    if bad.any():
        i = first_bad(bad)
        raise ValueError(f"{lower_name}[{i}] = {lower[i]} > {upper_name}[{i}] = {upper[i]}")


def csr_parts(A, n):
    """(indptr int64, indices int32, data float64, m) of A in CSR with no
    duplicate entries; A is any scipy sparse array or matrix, or dense."""
    import scipy.sparse as sp

    if A is None:
        return np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0), 0
    if sp.issparse(A):
        if A.dtype.kind not in REAL_KINDS:
            raise ValueError(f"A: dtype {A.dtype} is not a real number type")
        csr = A.tocsr()
    else:
        dense = as_real_array("A", A)
        if dense.ndim != 2:
            raise ValueError(f"A: expected a 2-D matrix, got shape {dense.shape}")
        csr = sp.csr_array(dense)
    if csr.ndim != 2:
        raise ValueError(f"A: expected a 2-D matrix, got shape {csr.shape}")
    m, cols = csr.shape
    if cols != n:
        raise ValueError(f"A: shape {csr.shape} has {cols} columns, c has {n} entries")
    if not csr.has_canonical_format:  # duplicates would be added twice by nobody's intent
        csr = csr.copy()
        csr.sum_duplicates()
    data = np.ascontiguousarray(csr.data, dtype=np.float64)
    bad = ~np.isfinite(data)
    if bad.any():
        k = first_bad(bad)
        row = int(np.searchsorted(csr.indptr, k, side="right") - 1)
        raise ValueError(f"A[{row}, {int(csr.indices[k])}] is {data[k]}: coefficients must be finite")
    indptr = np.ascontiguousarray(csr.indptr, dtype=np.int64)
    indices = np.ascontiguousarray(csr.indices, dtype=np.int32)
    return indptr, indices, data, m


def names(name, value, n):
    if value is None:
        return None
    out = [str(v) for v in value]
    if len(out) != n:
        raise ValueError(f"{name}: {len(out)} names for {n} entries")
    return out
