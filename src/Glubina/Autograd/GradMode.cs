namespace Glubina.Autograd;

/// <summary>
/// Whether operations are recorded for backward on this thread. <c>using (GradMode.NoGrad()) { … }</c> turns
/// recording off inside the block (inference, optimizer updates), like PyTorch's <c>torch.no_grad()</c>.
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int t_disabledDepth;

    /// <summary>True when new operations are recorded.</summary>
    public static bool IsEnabled => t_disabledDepth == 0;

    /// <summary>Disables recording until the returned scope is disposed.</summary>
    public static NoGradScope NoGrad()
    {
        t_disabledDepth++;
        return new NoGradScope();
    }

    /// <summary>Ends a <see cref="NoGrad"/> block.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <summary>Turns recording back on (when this was the outermost <see cref="NoGrad"/> block still open).</summary>
        public void Dispose() => t_disabledDepth--;
    }
}
