#!/usr/bin/python3
"""Generate tests/fixtures/metrics/sklearn_metrics.json: reference values for
Glubina.Metrics, computed by scikit-learn (Debian's python3-sklearn 1.2.1).

Run with Debian's interpreter, where python3-sklearn and numpy are installed:
    apt-get install -y python3-sklearn python3-numpy
    /usr/bin/python3 tools/reference/make_metric_fixtures.py
The script prints one line per case and writes the file; two runs give
byte-identical output (every case draws from its own numpy generator, seeded
from a CRC32 of the case name, so adding a case does not change the others).

Layout (one case per line inside each list):
    {"generator", "sklearn_version", "numpy_version",
     "label_cases":      [{name, y_true, y_pred, cm_labels, subset_labels, target_names, expected}],
     "proba_cases":      [{name, y_true, proba [N][C], expected}],
     "binary_score_cases": [{name, y_true, y_score, pos_label, expected}],
     "regression_cases": [{name, y_true, y_pred, expected}]}
    Non-finite floats are written as the strings "NaN", "Infinity", "-Infinity".
    Every float is Python's repr (shortest round-trip text of the float64).

What each kind holds (see the cases below for the inputs):
  label_cases: hard labels. accuracy; precision/recall/f1 for average binary
    (pos_label=1; null when the target is multiclass), macro, micro, weighted
    and per class (labels = sorted union, with support); the same with
    labels=subset_labels; confusion_matrix with the default (sorted) and the
    cm_labels order; classification_report text with digits 2 and 4, and with
    target_names, and with labels=subset_labels.
  proba_cases: y_true in 0..C-1 (every class present), probability rows.
    log_loss (labels=0..C-1), top_k_accuracy for k=1..C-1 (C > 2), roc_auc ovr for
    macro/weighted/micro (null for two columns, or when sklearn rejects rows
    that do not sum to one: roc_auc_ovr_rejected); for two columns
    roc_auc_binary, the binary ROC AUC of column 1; accuracy and f1 of the
    argmax (first index on ties).
  binary_score_cases: y_true binary, y_score 1-D. roc_curve with and without
    drop_intermediate, roc_auc, precision_recall_curve, average_precision and,
    where the scores are probabilities, log_loss of the positive-class column.
  regression_cases: mse, rmse (squared=False), mae, mape, r2.
"""

import json
import math
import os
import zlib

import numpy as np
import sklearn
from sklearn import metrics as skm

GENERATOR = "tools/reference/make_metric_fixtures.py"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(REPO_ROOT, "tests", "fixtures", "metrics", "sklearn_metrics.json")

LABEL_CASES = []
PROBA_CASES = []
BINARY_SCORE_CASES = []
REGRESSION_CASES = []


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode("utf-8")))


def ints(a):
    return [int(x) for x in np.asarray(a).ravel()]


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).ravel()]


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------- label cases

def prf_dict(y_true, y_pred, average, labels=None):
    p, r, f, _ = skm.precision_recall_fscore_support(
        y_true, y_pred, average=average, labels=labels, zero_division="warn")
    return {"precision": float(p), "recall": float(r), "f1": float(f)}


def add_label_case(name, y_true, y_pred, cm_labels=None, subset_labels=None, target_names=None):
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    present = np.union1d(y_true, y_pred)
    exp = {"accuracy": float(skm.accuracy_score(y_true, y_pred))}
    exp["binary"] = prf_dict(y_true, y_pred, "binary") if len(present) <= 2 else None
    for avg in ("macro", "micro", "weighted"):
        exp[avg] = prf_dict(y_true, y_pred, avg)
    p, r, f, s = skm.precision_recall_fscore_support(y_true, y_pred, average=None)
    exp["per_class"] = {"labels": ints(present), "precision": floats(p), "recall": floats(r),
                        "f1": floats(f), "support": ints(s)}
    exp["confusion_matrix"] = {"labels": ints(present),
                               "matrix": ints(skm.confusion_matrix(y_true, y_pred))}
    if cm_labels is not None:
        exp["confusion_matrix_ordered"] = {
            "labels": ints(cm_labels),
            "matrix": ints(skm.confusion_matrix(y_true, y_pred, labels=cm_labels))}
    if subset_labels is not None:
        sub = {avg: prf_dict(y_true, y_pred, avg, subset_labels) for avg in ("macro", "micro", "weighted")}
        p, r, f, s = skm.precision_recall_fscore_support(y_true, y_pred, labels=subset_labels)
        sub["per_class"] = {"labels": ints(subset_labels), "precision": floats(p), "recall": floats(r),
                            "f1": floats(f), "support": ints(s)}
        sub["report"] = skm.classification_report(y_true, y_pred, labels=subset_labels)
        exp["subset"] = sub
    exp["report_2"] = skm.classification_report(y_true, y_pred)
    exp["report_4"] = skm.classification_report(y_true, y_pred, digits=4)
    if target_names is not None:
        exp["report_names"] = skm.classification_report(y_true, y_pred, target_names=target_names)
    LABEL_CASES.append({
        "name": name, "y_true": ints(y_true), "y_pred": ints(y_pred),
        "cm_labels": None if cm_labels is None else ints(cm_labels),
        "subset_labels": None if subset_labels is None else ints(subset_labels),
        "target_names": target_names, "expected": exp})


def noisy_labels(rng, y_true, n_classes, flip):
    y_pred = y_true.copy()
    mask = rng.random(len(y_true)) < flip
    y_pred[mask] = rng.integers(0, n_classes, size=int(mask.sum()))
    return y_pred


def label_cases():
    rng = rng_for("binary_random")
    y = rng.integers(0, 2, size=50)
    add_label_case("binary_random", y, noisy_labels(rng, y, 2, 0.4),
                   cm_labels=[1, 0], target_names=["negative", "positive"])

    rng = rng_for("binary_imbalanced")
    y = (rng.random(200) < 0.08).astype(np.int64)
    add_label_case("binary_imbalanced", y, noisy_labels(rng, y, 2, 0.15))

    # The positive class is never predicted: precision 0/0 -> 0 (zero_division "warn").
    rng = rng_for("binary_never_positive")
    add_label_case("binary_never_positive", rng.integers(0, 2, size=30), np.zeros(30, dtype=np.int64))

    # Labels -1 / 1: binary average with pos_label=1.
    rng = rng_for("binary_minus_one")
    y = rng.choice([-1, 1], size=40)
    add_label_case("binary_minus_one", y, np.where(rng.random(40) < 0.3, -y, y))

    # Recalls of exactly 1/32, 3/8 and 1/8: halves at the 4th or 2nd decimal,
    # which Python's format rounds half to even (0.0312, 0.38, 0.12).
    y = np.array([0] * 32 + [1] * 8 + [2] * 8)
    y_pred = np.array([0] + [1] * 31 + [1] * 3 + [2] * 5 + [2] * 1 + [0] * 7)
    add_label_case("report_rounding_ties", y, y_pred)

    add_label_case("perfect_multiclass", [0, 1, 2, 3, 2, 1, 0, 3, 3], [0, 1, 2, 3, 2, 1, 0, 3, 3])

    # Class 4 occurs only in y_pred (recall 0/0), labels not contiguous.
    rng = rng_for("multiclass_sparse_labels")
    labels = np.array([3, 7, 10, 12])
    y = rng.choice(labels, size=60, p=[0.4, 0.3, 0.2, 0.1])
    y_pred = noisy_labels(rng, np.searchsorted(labels, y), 4, 0.35)
    y_pred = labels[y_pred]
    y_pred[[5, 17]] = 20
    add_label_case("multiclass_sparse_labels", y, y_pred, cm_labels=[12, 3, 20, 7, 10],
                   subset_labels=[12, 3], target_names=["c3", "c7", "c10", "c12", "c20_only_predicted"])

    # Labels given to confusion_matrix that drop some samples and add an absent one.
    rng = rng_for("multiclass_cm_subset")
    y = rng.integers(0, 4, size=40)
    add_label_case("multiclass_cm_subset", y, noisy_labels(rng, y, 4, 0.5), cm_labels=[2, 0, 9],
                   subset_labels=[0, 1, 9])


# --------------------------------------------------------------------------- probability cases

def add_proba_case(name, y_true, proba):
    y_true = np.asarray(y_true, dtype=np.int64)
    proba = np.asarray(proba, dtype=np.float64)
    n_classes = proba.shape[1]
    assert sorted(set(y_true.tolist())) == list(range(n_classes)), name
    exp = {"log_loss": float(skm.log_loss(y_true, proba, labels=list(range(n_classes))))}
    exp["top_k"] = {str(k): float(skm.top_k_accuracy_score(y_true, proba, k=k, labels=list(range(n_classes))))
                    for k in range(1, n_classes)} if n_classes > 2 else {}  # sklearn wants 1-D scores for binary
    # sklearn refuses rows that do not sum to one (np.allclose); so must Glubina.
    exp["roc_auc_ovr_rejected"] = not bool(np.allclose(1, proba.sum(axis=1)))
    if n_classes > 2 and not exp["roc_auc_ovr_rejected"]:
        exp["roc_auc_ovr"] = {avg: float(skm.roc_auc_score(y_true, proba, multi_class="ovr", average=avg))
                              for avg in ("macro", "weighted", "micro")}
    else:
        exp["roc_auc_ovr"] = None
    # Two columns: the binary ROC AUC of the second column (Glubina's reading of [N,2] scores).
    exp["roc_auc_binary"] = float(skm.roc_auc_score(y_true, proba[:, 1])) if n_classes == 2 else None
    y_pred = proba.argmax(axis=1)
    exp["argmax_accuracy"] = float(skm.accuracy_score(y_true, y_pred))
    exp["argmax_f1"] = {avg: prf_dict(y_true, y_pred, avg)["f1"] for avg in ("macro", "micro", "weighted")}
    PROBA_CASES.append({"name": name, "y_true": ints(y_true), "proba": [floats(row) for row in proba],
                        "expected": exp})
    print(f"{name}: n={len(y_true)} classes={n_classes}")


def proba_cases():
    # Five classes; class 4 is never the argmax (its logits are pushed down) but occurs in y_true.
    rng = rng_for("multiclass5_never_predicted")
    n = 90
    y = np.concatenate([np.arange(5), rng.integers(0, 5, size=n - 5)])
    z = rng.standard_normal((n, 5))
    z[np.arange(n), y] += 1.2
    z[:, 4] -= 6.0
    proba = softmax(z)
    assert not (proba.argmax(axis=1) == 4).any()
    add_proba_case("multiclass5_never_predicted", y, proba)

    rng = rng_for("multiclass4_imbalanced")
    n = 120
    y = np.concatenate([np.arange(4), rng.choice(4, size=n - 4, p=[0.7, 0.2, 0.07, 0.03])])
    z = rng.standard_normal((n, 4)) * 1.5
    z[np.arange(n), y] += 1.0
    add_proba_case("multiclass4_imbalanced", y, softmax(z))

    # Scores on a 0.1 grid: ties inside rows (top-k order) and across rows (ROC).
    rng = rng_for("multiclass4_ties")
    n = 40
    y = np.concatenate([np.arange(4), rng.integers(0, 4, size=n - 4)])
    counts = rng.multinomial(10, [0.25] * 4, size=n).astype(np.float64)
    counts[np.arange(n), y] += 2
    proba = counts / counts.sum(axis=1, keepdims=True)
    add_proba_case("multiclass4_ties", y, proba)

    y = np.array([0, 1, 2, 0, 1, 2, 2, 1])
    add_proba_case("multiclass3_perfect", y, np.eye(3)[y])

    # Exact zeros and ones (clipped to eps = finfo(float64).eps) and rows that
    # do not sum to one (renormalised after clipping).
    add_proba_case("logloss_clipping", [0, 1, 2, 2, 1, 0],
                   [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.1], [0.0, 0.5, 0.5],
                    [0.0, 1.0, 0.0], [0.5, 0.5, 0.5]])

    rng = rng_for("binary_two_columns")
    y = rng.integers(0, 2, size=30)
    y[:2] = [0, 1]
    p1 = np.clip(0.5 + 0.3 * (2 * y - 1) + 0.25 * rng.standard_normal(30), 0.01, 0.99)
    add_proba_case("binary_two_columns", y, np.stack([1 - p1, p1], axis=1))


# --------------------------------------------------------------------------- binary score cases

def add_binary_score_case(name, y_true, y_score, pos_label=1):
    y_true = np.asarray(y_true, dtype=np.int64)
    y_score = np.asarray(y_score, dtype=np.float64)
    fpr, tpr, thr = skm.roc_curve(y_true, y_score, pos_label=pos_label)
    fpr_all, tpr_all, thr_all = skm.roc_curve(y_true, y_score, pos_label=pos_label, drop_intermediate=False)
    prec, rec, pthr = skm.precision_recall_curve(y_true, y_score, pos_label=pos_label)
    exp = {
        "roc_curve": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr)},
        "roc_curve_all": {"fpr": floats(fpr_all), "tpr": floats(tpr_all), "thresholds": floats(thr_all)},
        "roc_auc": float(skm.roc_auc_score(y_true == pos_label, y_score)),
        "pr_curve": {"precision": floats(prec), "recall": floats(rec), "thresholds": floats(pthr)},
        "average_precision": float(skm.average_precision_score(y_true, y_score, pos_label=pos_label)),
    }
    if y_score.min() >= 0 and y_score.max() <= 1:
        exp["log_loss"] = float(skm.log_loss(y_true == pos_label, y_score, labels=[False, True]))
    else:
        exp["log_loss"] = None
    BINARY_SCORE_CASES.append({"name": name, "y_true": ints(y_true), "y_score": floats(y_score),
                               "pos_label": pos_label, "expected": exp})
    print(f"{name}: n={len(y_true)} thresholds={len(thr_all)} kept={len(thr)}")


def binary_score_cases():
    rng = rng_for("binary_scores_random")
    y = rng.integers(0, 2, size=80)
    add_binary_score_case("binary_scores_random", y, 1 / (1 + np.exp(-(1.2 * (2 * y - 1) + rng.standard_normal(80)))))

    rng = rng_for("binary_scores_imbalanced")
    y = (rng.random(300) < 0.05).astype(np.int64)
    y[0] = 1
    add_binary_score_case("binary_scores_imbalanced", y, rng.random(300) * 0.7 + 0.3 * y)

    # Scores on a 0.1 grid: many tied thresholds; intermediate points are dropped.
    rng = rng_for("binary_scores_ties")
    y = rng.integers(0, 2, size=60)
    add_binary_score_case("binary_scores_ties", y, np.round(np.clip(0.35 + 0.3 * y + 0.25 * rng.standard_normal(60), 0, 1), 1))

    add_binary_score_case("binary_scores_perfect", [0, 0, 1, 1, 0, 1, 1, 0], [0.1, 0.2, 0.8, 0.9, 0.3, 0.7, 0.75, 0.0])

    # Decision-function scores (not probabilities), labels -1 / 1.
    rng = rng_for("binary_scores_margins")
    y = rng.choice([-1, 1], size=50)
    add_binary_score_case("binary_scores_margins", y, 2.0 * y + 2.5 * rng.standard_normal(50))

    # All scores equal: one threshold; AUC 0.5.
    add_binary_score_case("binary_scores_constant", [0, 1, 1, 0, 1], [0.4] * 5)

    # Exact 0 and 1 probabilities: log-loss clipping.
    add_binary_score_case("binary_scores_clipping", [0, 1, 1, 0, 1, 0], [0.0, 1.0, 0.0, 0.2, 0.9, 1.0])


# --------------------------------------------------------------------------- regression cases

def add_regression_case(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    exp = {
        "mse": float(skm.mean_squared_error(y_true, y_pred)),
        "rmse": float(skm.mean_squared_error(y_true, y_pred, squared=False)),
        "mae": float(skm.mean_absolute_error(y_true, y_pred)),
        "mape": float(skm.mean_absolute_percentage_error(y_true, y_pred)),
        "r2": float(skm.r2_score(y_true, y_pred)),
    }
    REGRESSION_CASES.append({"name": name, "y_true": floats(y_true), "y_pred": floats(y_pred), "expected": exp})
    print(f"{name}: n={len(y_true)} r2={exp['r2']!r} mape={exp['mape']!r}")


def regression_cases():
    rng = rng_for("regression_random")
    y = rng.standard_normal(100) * 3 + 10
    add_regression_case("regression_random", y, y + rng.standard_normal(100))

    # Zeros in y_true: MAPE divides by max(|y|, finfo(float64).eps).
    rng = rng_for("regression_zeros_in_targets")
    y = np.round(rng.standard_normal(50), 2)
    y[[3, 11, 30]] = 0.0
    add_regression_case("regression_zeros_in_targets", y, y + 0.1 * rng.standard_normal(50))

    rng = rng_for("regression_negative_r2")
    y = rng.standard_normal(40)
    add_regression_case("regression_negative_r2", y, rng.standard_normal(40) * 2)

    # Constant target: R² is 0.0 for imperfect predictions, 1.0 for perfect ones.
    rng = rng_for("regression_constant_target")
    add_regression_case("regression_constant_target", np.full(20, 2.5), 2.5 + rng.standard_normal(20))
    add_regression_case("regression_constant_target_perfect", np.full(7, -1.25), np.full(7, -1.25))

    # One sample: R² is undefined (NaN, with a warning).
    add_regression_case("regression_single_sample", [3.0], [2.0])


# --------------------------------------------------------------------------- writing

def json_value(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, dict):
        return {k: json_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [json_value(x) for x in v]
    return v


def dump_list(items):
    lines = [json.dumps(json_value(c), allow_nan=False, ensure_ascii=True, separators=(",", ":")) for c in items]
    return "[\n" + ",\n".join(lines) + "\n]"


def main():
    import warnings
    warnings.simplefilter("ignore")  # UndefinedMetricWarning is part of what the cases exercise
    label_cases()
    for c in LABEL_CASES:
        print(f"{c['name']}: n={len(c['y_true'])}")
    proba_cases()
    binary_score_cases()
    regression_cases()
    header = {"generator": GENERATOR, "sklearn_version": sklearn.__version__, "numpy_version": np.__version__}
    parts = [json.dumps(header, separators=(",", ":"))[:-1]]
    for key, items in (("label_cases", LABEL_CASES), ("proba_cases", PROBA_CASES),
                       ("binary_score_cases", BINARY_SCORE_CASES), ("regression_cases", REGRESSION_CASES)):
        parts.append(f',\n"{key}":{dump_list(items)}')
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(parts) + "}\n")
    total = len(LABEL_CASES) + len(PROBA_CASES) + len(BINARY_SCORE_CASES) + len(REGRESSION_CASES)
    print(f"wrote {total} cases to {os.path.relpath(OUT_PATH, REPO_ROOT)}")


if __name__ == "__main__":
    main()
