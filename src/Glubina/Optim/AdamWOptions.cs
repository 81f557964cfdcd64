namespace Glubina.Optim;

/// <summary>The hyper-parameters of <see cref="AdamW"/>: those of <see cref="AdamOptions"/>, with PyTorch's AdamW
/// default weight decay of 0.01 (decoupled: the weights shrink by lr·λ each step).</summary>
public sealed record AdamWOptions(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8,
    double WeightDecay = 1e-2, bool Amsgrad = false, bool Maximize = false)
    : AdamOptions(LearningRate, Beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize);
