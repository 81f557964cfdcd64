namespace Glubina.Metrics;

/// <summary>How per-class precision, recall, F-scores and one-vs-rest ROC AUCs are combined into one number
/// (scikit-learn's <c>average</c> argument).</summary>
public enum Average
{
    /// <summary>Only the positive class (<c>positiveLabel</c>); the targets and predictions may hold at most two labels.</summary>
    Binary,

    /// <summary>Unweighted mean over classes: every class counts the same, however rare.</summary>
    Macro,

    /// <summary>Pool true positives, predictions and targets over classes first. For single-label multi-class
    /// data micro precision, recall and F1 all equal the accuracy.</summary>
    Micro,

    /// <summary>Mean over classes weighted by support (the number of true samples of each class).</summary>
    Weighted,
}
