"""LPs with a known, unique optimum, for comparing fleetlp with HiGHS.

The optimum x* is a nondegenerate vertex (exactly n active constraints with
independent gradients) with strictly complementary duals (every active
constraint has a multiplier of magnitude >= 0.5), so the primal and the
dual solution are both unique and any correct solver must return them.
Rows and bounds of every kind appear: equality, <=, >=, ranged and free
rows; free, lower-only, upper-only, boxed and fixed columns.
"""
import numpy as np
import scipy.sparse as sp


class LP:
    """c, A (CSR), row_lower/upper, col_lower/upper and the optimum x, y, r."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    @property
    def objective(self):
        return float(self.c @ self.x)


def unique_lp(seed, n=12, m_eq=3, m_ineq=10, row_kinds=("le", "ge", "range", "free"),
              col_kinds=("free", "lower", "upper", "box", "fixed"), density=0.5):
    rng = np.random.default_rng(seed)
    m = m_eq + m_ineq
    for _ in range(100):
        mask = rng.random((m, n)) < density
        mask[np.arange(m), rng.integers(0, n, m)] = True
        dense = np.where(mask, rng.normal(size=(m, n)).round(3), 0.0)
        x = rng.uniform(-2, 2, n).round(3)
        kinds = [rng.choice(row_kinds) for _ in range(m_ineq)]
        ccol = [rng.choice(col_kinds) for _ in range(n)]
        # candidates for the remaining active constraints: inequality rows that
        # have a side, and columns with a bound
        row_cand = [i for i in range(m_ineq) if kinds[i] != "free"]
        col_cand = [j for j in range(n) if ccol[j] != "free"]
        k = n - m_eq
        pool = [("row", i) for i in row_cand] + [("col", j) for j in col_cand]
        if len(pool) < k:
            continue
        pick = [pool[t] for t in rng.choice(len(pool), k, replace=False)]
        grads = [dense[i] for i in range(m_eq)]
        grads += [dense[m_eq + i] if kind == "row" else np.eye(n)[i] for kind, i in pick]
        if np.linalg.cond(np.array(grads)) > 1e3:
            continue
        break
    else:
        raise RuntimeError("no well-conditioned vertex found")
    act = dense @ x
    y = np.zeros(m)
    r = np.zeros(n)
    rl, ru = np.full(m, -np.inf), np.full(m, np.inf)
    cl, cu = np.full(n, -np.inf), np.full(n, np.inf)
    rl[:m_eq] = ru[:m_eq] = act[:m_eq]
    y[:m_eq] = rng.choice([-1, 1], m_eq) * rng.uniform(0.5, 2, m_eq)
    active_rows = {i: None for kind, i in pick if kind == "row"}
    active_cols = {j: None for kind, j in pick if kind == "col"}

    def gap():
        return rng.uniform(0.5, 2)

    for i, kind in enumerate(kinds):
        row = m_eq + i
        a = act[row]
        if i in active_rows:
            at_upper = kind == "le" or (kind == "range" and rng.random() < 0.5)
            mult = rng.uniform(0.5, 2)
            if at_upper:
                ru[row] = a
                rl[row] = a - gap() if kind == "range" else -np.inf
                y[row] = -mult
            else:
                rl[row] = a
                ru[row] = a + gap() if kind == "range" else np.inf
                y[row] = mult
        else:
            if kind in ("le", "range"):
                ru[row] = a + gap()
            if kind in ("ge", "range"):
                rl[row] = a - gap()
    for j, kind in enumerate(ccol):
        if j in active_cols:
            mult = rng.uniform(0.5, 2)
            if kind == "fixed":
                cl[j] = cu[j] = x[j]
                r[j] = rng.choice([-1, 1]) * mult
            elif kind == "upper" or (kind == "box" and rng.random() < 0.5):
                cu[j] = x[j]
                cl[j] = x[j] - gap() if kind == "box" else -np.inf
                r[j] = -mult
            else:
                cl[j] = x[j]
                cu[j] = x[j] + gap() if kind == "box" else np.inf
                r[j] = mult
        else:
            if kind in ("lower", "box"):
                cl[j] = x[j] - gap()
            if kind in ("upper", "box"):
                cu[j] = x[j] + gap()
            if kind == "fixed":  # a fixed column is always active: keep it boxed instead
                cl[j], cu[j] = x[j] - gap(), x[j] + gap()
    c = dense.T @ y + r
    return LP(c=c, A=sp.csr_array(dense), dense=dense, row_lower=rl, row_upper=ru, col_lower=cl,
              col_upper=cu, x=x, y=y, r=r, m_eq=m_eq, row_kinds=kinds, col_kinds=ccol)
