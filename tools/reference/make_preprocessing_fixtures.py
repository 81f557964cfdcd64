"""Reference fixtures for Glubina.Data.Preprocessing, made with scikit-learn.

Regenerate (Debian's interpreter, where python3-sklearn 1.2.1 and numpy are installed; pandas is not needed):

    apt-get install -y python3-sklearn python3-numpy
    /usr/bin/python3 tools/reference/make_preprocessing_fixtures.py

Writes two files, deterministically (a rerun gives byte-identical files):

- tests/fixtures/preprocessing/sklearn.json: seeded synthetic data and one case per fitted sklearn object.
  "numeric" is a matrix (columns a..f) with NaNs, outliers, a constant column, ties and a large offset;
  "categorical" (columns color, size, flag, city) has missing values, a rare category, a binary column,
  a most-frequent tie ("Zebra" vs "apple": code-point order picks "Zebra") and categories that only the
  test part has ("purple", "XXL"). Each case fits on "train" and transforms "train" and "test", and stores
  the params, the learned state (mean_, var_, scale_, center_, data_min_, statistics_, categories_, ...),
  the outputs and the output feature names. A case whose test transform raises stores "test_error" instead
  of "test_output".
- tests/fixtures/preprocessing/diabetes.json: StandardScaler and RobustScaler fitted on the first 353 rows of
  the shared diabetes data (diabetes/diabetes.plain.csv, all 11 columns) and applied to the other 89. The
  data itself is not copied: it is read from $GLUBINA_DATA, else ../shared/data beside the repository.

JSON conventions: numeric data column-major ({"a": [...]}) with null for NaN; outputs row-major lists of
rows, null for NaN (numbers) or for a missing value (strings); floats written by repr (round-trips).
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (FunctionTransformer, MinMaxScaler, OneHotEncoder, OrdinalEncoder,
                                   RobustScaler, StandardScaler)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "tests", "fixtures", "preprocessing")
N_TRAIN, N_TEST = 60, 25


def clean(v):
    """A JSON-ready scalar: NaN/None become null, numpy scalars become Python ones."""
    if v is None:
        return None
    if isinstance(v, (float, np.floating)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    return v


def tolist(a):
    if a is None:
        return None
    a = np.asarray(a, dtype=object) if not isinstance(a, np.ndarray) else a
    if a.ndim == 0:
        return clean(a.item())
    return [tolist(x) if isinstance(x, np.ndarray) else clean(x) for x in a]


def make_numeric(rng):
    n = N_TRAIN + N_TEST
    a = rng.normal(5.0, 2.0, n)
    b = rng.normal(0.0, 1.0, n)
    b[rng.choice(n, 6, replace=False)] *= 50.0  # outliers
    c = np.full(n, 3.7)
    c[N_TRAIN + 3] = 4.0  # constant in train, not in test
    d = rng.normal(-3.0, 0.5, n)
    d[rng.random(n) < 0.2] = np.nan
    e = np.array([0, 1, 1, 1, 2, 3, 3, 3, 4] * 10, dtype=float)[:n]  # 1 and 3 tie for most frequent
    rng.shuffle(e[:N_TRAIN])
    e[[5, 17, 40, N_TRAIN + 2]] = np.nan
    f = 1.0e4 + rng.normal(0.0, 0.01, n)  # large offset, small spread
    cols = {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}
    return list(cols), np.column_stack(list(cols.values()))


def make_categorical(rng):
    n = N_TRAIN + N_TEST

    def draw(values, p, count):
        return list(rng.choice(np.array(values, dtype=object), count, p=p))

    color = draw(["red", "green", "blue", "Yellow", None], [0.3, 0.25, 0.2, 0.15, 0.1], n)
    color[N_TRAIN + 1] = "purple"
    color[N_TRAIN + 7] = "purple"
    size = draw(["S", "M", "L"], [0.45, 0.35, 0.2], n)
    for i in (4, 22, 51):
        size[i] = "XL"  # rare: infrequent with min_frequency=5
    size[N_TRAIN + 4] = "XXL"
    size[N_TRAIN + 5] = "XL"
    flag = draw(["yes", "no"], [0.6, 0.4], n)
    city = ["Zebra"] * 15 + ["apple"] * 15 + ["\u00e1bc"] * 10 + ["aachen"] * 10 + [None] * 5 \
        + ["\U0001F600"] * 2 + ["\uff71"] * 3
    city = list(rng.permutation(np.array(city, dtype=object)))
    city += list(rng.choice(np.array(["Zebra", "apple", "aachen", None], dtype=object), N_TEST))
    cols = {"color": color, "size": size, "flag": flag, "city": city}
    mat = np.empty((n, len(cols)), dtype=object)
    for j, v in enumerate(cols.values()):
        mat[:, j] = [np.nan if x is None else x for x in v]
    return list(cols), mat


def outputs(case, obj, train, test):
    case["train_output"] = tolist(obj.transform(train))
    try:
        case["test_output"] = tolist(obj.transform(test))
    except ValueError as ex:
        case["test_error"] = str(ex).splitlines()[0]
    return case


def state_of(obj):
    s = {}
    for key in ("mean_", "var_", "scale_", "n_samples_seen_", "min_", "data_min_", "data_max_",
                "data_range_", "center_", "statistics_"):
        if hasattr(obj, key):
            s[key] = tolist(getattr(obj, key))
    if hasattr(obj, "categories_"):
        s["categories_"] = [tolist(c) for c in obj.categories_]
    if hasattr(obj, "infrequent_categories_") and getattr(obj, "_infrequent_enabled", False):
        s["infrequent_categories_"] = [tolist(c) for c in obj.infrequent_categories_]
    if hasattr(obj, "drop_idx_"):
        s["drop_idx_"] = tolist(obj.drop_idx_)
    return s


def simple_case(name, kind, params, obj, names, train, test):
    obj.fit(train)
    case = {"name": name, "kind": kind, "params": params, "columns": names, "state": state_of(obj)}
    if hasattr(obj, "get_feature_names_out") and not isinstance(obj, SimpleImputer):
        case["feature_names"] = tolist(obj.get_feature_names_out(names))
    return outputs(case, obj, train, test)


def numeric_cases(names, tr, te):
    cases = []
    for name, params in [("standard_default", {}), ("standard_no_mean", {"with_mean": False}),
                         ("standard_no_std", {"with_std": False})]:
        cases.append(simple_case(name, "standard_scaler", params, StandardScaler(**params), names, tr, te))
    for name, params in [("minmax_default", {}), ("minmax_range_clip", {"feature_range": [-1.0, 2.0], "clip": True})]:
        kw = dict(params)
        if "feature_range" in kw:
            kw["feature_range"] = tuple(kw["feature_range"])
        cases.append(simple_case(name, "minmax_scaler", params, MinMaxScaler(**kw), names, tr, te))
    for name, params in [("robust_default", {}),
                         ("robust_10_90_no_centering", {"quantile_range": [10.0, 90.0], "with_centering": False}),
                         ("robust_no_scaling", {"with_scaling": False})]:
        kw = dict(params)
        if "quantile_range" in kw:
            kw["quantile_range"] = tuple(kw["quantile_range"])
        cases.append(simple_case(name, "robust_scaler", params, RobustScaler(**kw), names, tr, te))
    for strategy in ("mean", "median", "most_frequent"):
        params = {"strategy": strategy}
        cases.append(simple_case("impute_num_" + strategy, "simple_imputer", params, SimpleImputer(**params),
                                 names, tr, te))
    params = {"strategy": "constant", "fill_value": -1.5}
    cases.append(simple_case("impute_num_constant", "simple_imputer", params, SimpleImputer(**params), names, tr, te))
    return cases


def categorical_cases(names, tr, te):
    cases = []
    for name, params in [("impute_cat_most_frequent", {"strategy": "most_frequent"}),
                         ("impute_cat_constant_default", {"strategy": "constant"}),
                         ("impute_cat_constant_custom", {"strategy": "constant", "fill_value": "unknown"})]:
        cases.append(simple_case(name, "simple_imputer", params, SimpleImputer(**params), names, tr, te))
    onehot = [
        ("onehot_error", {"handle_unknown": "error"}),
        ("onehot_ignore", {"handle_unknown": "ignore"}),
        ("onehot_drop_first", {"handle_unknown": "ignore", "drop": "first"}),
        ("onehot_drop_if_binary", {"handle_unknown": "error", "drop": "if_binary"}),
        ("onehot_infrequent_min5", {"handle_unknown": "infrequent_if_exist", "min_frequency": 5}),
        ("onehot_infrequent_frac_max3", {"handle_unknown": "infrequent_if_exist", "min_frequency": 0.1,
                                         "max_categories": 3}),
        ("onehot_ignore_max2", {"handle_unknown": "ignore", "max_categories": 2}),
    ]
    for name, params in onehot:
        obj = OneHotEncoder(sparse_output=False, **params)
        cases.append(simple_case(name, "one_hot_encoder", params, obj, names, tr, te))
    ordinal = [
        ("ordinal_error", {"handle_unknown": "error"}),
        ("ordinal_unknown_minus1", {"handle_unknown": "use_encoded_value", "unknown_value": -1}),
        ("ordinal_unknown_nan", {"handle_unknown": "use_encoded_value", "unknown_value": None}),
    ]
    for name, params in ordinal:
        kw = dict(params)
        if "unknown_value" in kw and kw["unknown_value"] is None:
            kw["unknown_value"] = np.nan
        cases.append(simple_case(name, "ordinal_encoder", params, OrdinalEncoder(**kw), names, tr, te))
    return cases


def pipeline_cases(num_names, cat_names, num, cat):
    """ColumnTransformer on a mixed object matrix (numeric columns, then categorical ones).

    Only numeric columns can pass through into a float tensor, so the passthrough case uses a column subset
    without categorical remainder columns.
    """
    names = num_names + cat_names
    mixed = np.empty((num.shape[0], len(names)), dtype=object)
    mixed[:, :num.shape[1]] = num
    mixed[:, num.shape[1]:] = cat
    as_float = FunctionTransformer(lambda x: np.asarray(x, dtype=float), feature_names_out="one-to-one")
    cases = []
    configs = [
        # Same choices as ColumnPipeline.Auto with target "f".
        ("auto_like", names, ["a", "b", "c", "d", "e"], ["color", "size", "flag", "city"], "drop", False),
        ("passthrough_verbose", num_names + ["color", "city"], ["a", "d"], ["color", "city"], "passthrough", True),
    ]
    for name, used, num_cols, cat_cols, remainder, verbose in configs:
        data = mixed[:, [names.index(c) for c in used]]
        tr, te = data[:N_TRAIN], data[N_TRAIN:]
        num_pipe = Pipeline([("to_float", as_float), ("impute", SimpleImputer(strategy="median")),
                             ("scale", StandardScaler())])
        cat_pipe = Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                             ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))])
        ct = ColumnTransformer(
            [("num", num_pipe, [used.index(c) for c in num_cols]),
             ("cat", cat_pipe, [used.index(c) for c in cat_cols])],
            remainder=remainder, verbose_feature_names_out=verbose)
        ct.fit(tr)
        case = {"name": name, "kind": "column_pipeline", "columns": used, "numeric_columns": num_cols,
                "categorical_columns": cat_cols, "remainder": remainder, "verbose_feature_names_out": verbose,
                "feature_names": tolist(ct.get_feature_names_out(used)),
                "state": {"num_impute": state_of(ct.named_transformers_["num"]["impute"]),
                          "num_scale": state_of(ct.named_transformers_["num"]["scale"]),
                          "cat_impute": state_of(ct.named_transformers_["cat"]["impute"]),
                          "cat_onehot": state_of(ct.named_transformers_["cat"]["onehot"])},
                "train_output": tolist(np.asarray(ct.transform(tr), dtype=float)),
                "test_output": tolist(np.asarray(ct.transform(te), dtype=float))}
        cases.append(case)
    return cases


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(obj, ensure_ascii=True, allow_nan=False, indent=None, separators=(",", ":"))
    # One case per line keeps diffs readable.
    text = text.replace(',{"name":', ',\n{"name":')
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text + "\n")


def shared_data_dir():
    env = os.environ.get("GLUBINA_DATA")
    return env if env else os.path.join(os.path.dirname(ROOT), "shared", "data")


def diabetes():
    path = os.path.join(shared_data_dir(), "diabetes", "diabetes.plain.csv")
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
        data = np.array([[float(x) for x in line.strip().split(",")] for line in fh if line.strip()])
    n_train = 353
    tr, te = data[:n_train], data[n_train:]
    std = StandardScaler().fit(tr)
    rob = RobustScaler().fit(tr)
    return {"generator": "tools/reference/make_preprocessing_fixtures.py", "sklearn_version": sklearn.__version__,
            "file": "diabetes/diabetes.plain.csv", "columns": header, "rows": int(data.shape[0]),
            "train_rows": n_train,
            "standard_scaler": {"mean_": tolist(std.mean_), "var_": tolist(std.var_), "scale_": tolist(std.scale_),
                                "test_output": tolist(std.transform(te))},
            "robust_scaler": {"center_": tolist(rob.center_), "scale_": tolist(rob.scale_),
                              "test_output": tolist(rob.transform(te))}}


def main():
    rng = np.random.default_rng(20240611)
    num_names, num = make_numeric(rng)
    cat_names, cat = make_categorical(rng)
    cases = numeric_cases(num_names, num[:N_TRAIN], num[N_TRAIN:])
    cases += categorical_cases(cat_names, cat[:N_TRAIN], cat[N_TRAIN:])
    cases += pipeline_cases(num_names, cat_names, num, cat)
    fixture = {
        "generator": "tools/reference/make_preprocessing_fixtures.py",
        "sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
        "n_train": N_TRAIN, "n_test": N_TEST,
        "numeric": {"names": num_names, "train": {n: tolist(num[:N_TRAIN, j]) for j, n in enumerate(num_names)},
                    "test": {n: tolist(num[N_TRAIN:, j]) for j, n in enumerate(num_names)}},
        "categorical": {"names": cat_names,
                        "train": {n: tolist(cat[:N_TRAIN, j]) for j, n in enumerate(cat_names)},
                        "test": {n: tolist(cat[N_TRAIN:, j]) for j, n in enumerate(cat_names)}},
        "cases": cases,
    }
    write(os.path.join(OUT_DIR, "sklearn.json"), fixture)
    for c in cases:
        print(f"{c['name']:32s} {'error: ' + c['test_error'] if 'test_error' in c else 'ok'}")
    write(os.path.join(OUT_DIR, "diabetes.json"), diabetes())
    print(f"wrote {len(cases)} cases to {OUT_DIR}/sklearn.json and diabetes.json", file=sys.stderr)


if __name__ == "__main__":
    main()
