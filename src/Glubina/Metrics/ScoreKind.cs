namespace Glubina.Metrics;

/// <summary>What the floating-point predictions given to a streaming metric are. It matters for thresholds
/// (a single score column is positive above 0.5 for probabilities, above 0 for logits), for log loss and for
/// one-vs-rest ROC AUC, which need probabilities. Arg-max based metrics give the same result either way.</summary>
public enum ScoreKind
{
    /// <summary>Probabilities in [0, 1]: rows of <c>[N, C]</c> sum to one; a <c>[N]</c> column is the positive
    /// class's probability. Values outside [0, 1] are refused (they are usually logits passed by mistake).</summary>
    Probabilities,

    /// <summary>Raw scores: a softmax over <c>[N, C]</c> (a sigmoid for a single column) gives the probabilities.</summary>
    Logits,
}
