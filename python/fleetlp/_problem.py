"""fleetlp.Problem: an LP in the form of DESIGN section 2,

    minimize (or maximize)  c'x + offset
    subject to              row_lower <= A x <= row_upper
                            col_lower <=  x  <= col_upper

with numpy vectors (IEEE inf for missing sides) and A in CSR.
"""
import numpy as np

from . import _checks, _core

_SENSES = {"min": 1, "minimize": 1, "minimise": 1, 1: 1, "max": -1, "maximize": -1, "maximise": -1, -1: -1}


def _sense(value):
    key = value.lower() if isinstance(value, str) else value
    try:
        return _SENSES[key]
    except (KeyError, TypeError):
        raise ValueError(f"sense: {value!r} is not 'min' or 'max' (or +1 / -1)") from None


class Problem:
    """An LP held as numpy arrays.

    A may be any scipy.sparse array or matrix (CSR is used as it is; other
    formats are converted once) or a dense 2-D array. Row bounds default to
    free (-inf, inf), column bounds to [0, inf), as in MPS and scipy's
    linprog; a scalar is broadcast. c, the bounds and A's values are
    float64 (converted when not); arrays that already are float64 and
    contiguous are used without a copy. Every check failure is a
    ValueError naming the array and the index.
    """

    def __init__(self, c, A=None, row_lower=None, row_upper=None, col_lower=0.0, col_upper=np.inf,
                 offset=0.0, sense="min", row_names=None, col_names=None, name=None):
        c = _checks.as_real_array("c", c)
        if c.ndim != 1:
            raise ValueError(f"c: expected a 1-D array, got shape {c.shape}")
        _checks.finite("c", c)
        n = c.shape[0]
        indptr, indices, data, m = _checks.csr_parts(A, n)
        self._init(indptr, indices, data, m, c,
                   _checks.vector("row_lower", row_lower, m, -np.inf, "rows"),
                   _checks.vector("row_upper", row_upper, m, np.inf, "rows"),
                   _checks.vector("col_lower", col_lower, n, 0.0, "columns"),
                   _checks.vector("col_upper", col_upper, n, np.inf, "columns"),
                   offset, _sense(sense), _checks.names("row_names", row_names, m),
                   _checks.names("col_names", col_names, n), name, 0)

    def _init(self, indptr, indices, data, m, c, row_lower, row_upper, col_lower, col_upper,
              offset, sense, row_names, col_names, name, num_integer):
        _checks.bounds("row_lower", row_lower, "row_upper", row_upper)
        _checks.bounds("col_lower", col_lower, "col_upper", col_upper)
        offset = float(offset)
        if not np.isfinite(offset):
            raise ValueError(f"offset is {offset}: must be finite")
        self._indptr, self._indices, self._data = indptr, indices, data
        self._shape = (m, c.shape[0])
        self._A = None
        self.c, self.offset, self.sense = c, offset, sense
        self.row_lower, self.row_upper = row_lower, row_upper
        self.col_lower, self.col_upper = col_lower, col_upper
        self.row_names, self.col_names, self.name = row_names, col_names, name
        self.num_integer = num_integer  # integer markers relaxed on read (MPS)

    @classmethod
    def read(cls, path, notice=None):
        """MPS (fixed or free, plain or .gz) or fleetlp's HDF5 problem, by
        content. Notices (e.g. integer markers relaxed) go to notice(line),
        or to the "fleetlp" logger as warnings."""
        if notice is None:
            import logging

            notice = logging.getLogger("fleetlp").warning
        d = _core.read_problem(str(path), notice)
        p = cls.__new__(cls)
        p._init(d["indptr"], d["indices"], d["data"], d["num_rows"], d["c"], d["row_lower"],
                d["row_upper"], d["col_lower"], d["col_upper"], d["offset"], d["sense"],
                d["row_names"], d["col_names"], d["name"], d["num_integer"])
        return p

    def write(self, path, compression=-1):
        """By extension: .h5/.hdf5 (HDF5 problem), .mps or .mps.gz (free MPS).
        compression: deflate level 0-9 for HDF5 (negative: the default)."""
        _core.write_problem(str(path), *self._core_arrays(), int(compression))

    # the arguments of _core.Solver / _core.write_problem: c in minimisation form
    def _core_arrays(self):
        c_min = self.c if self.sense == 1 else -self.c
        return (self._indptr, self._indices, self._data, c_min, self.sense * self.offset,
                self.sense, self.col_lower, self.col_upper, self.row_lower, self.row_upper,
                self.row_names, self.col_names, self.name)

    @property
    def A(self):
        """The constraint matrix as a scipy.sparse.csr_array (built once)."""
        if self._A is None:
            import scipy.sparse as sp

            self._A = sp.csr_array((self._data, self._indices, self._indptr), shape=self._shape)
        return self._A

    @property
    def num_rows(self):
        return self._shape[0]

    @property
    def num_cols(self):
        return self._shape[1]

    @property
    def nnz(self):
        return int(self._data.shape[0])

    def __repr__(self):
        label = f" {self.name!r}" if self.name else ""
        return (f"<fleetlp.Problem{label}: {self.num_rows} rows, {self.num_cols} columns, "
                f"{self.nnz} nonzeros, {'minimize' if self.sense == 1 else 'maximize'}>")
