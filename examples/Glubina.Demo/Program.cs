using System.Diagnostics;
using Glubina.Autograd;
using Glubina.Tensors;

// The engine demo: a two-layer network learns to separate two interleaved spirals, using only tensors,
// autograd and a hand-written SGD step. Later issues replace this with the full quickstart.
var gen = new Generator(42);
const int perClass = 500;
(Tensor x, Tensor y) = Spirals(perClass, gen);

const int hidden = 64;
Tensor w1 = Tensor.Normal([2, hidden], 0, Math.Sqrt(2.0 / 2), gen).RequiresGrad_();
Tensor b1 = Tensor.Zeros(hidden).RequiresGrad_();
Tensor w2 = Tensor.Normal([hidden, hidden], 0, Math.Sqrt(2.0 / hidden), gen).RequiresGrad_();
Tensor b2 = Tensor.Zeros(hidden).RequiresGrad_();
Tensor w3 = Tensor.Normal([hidden, 1], 0, Math.Sqrt(1.0 / hidden), gen).RequiresGrad_();
Tensor b3 = Tensor.Zeros(1).RequiresGrad_();
Tensor[] parameters = [w1, b1, w2, b2, w3, b3];

Tensor Forward(Tensor input) => input.MatMul(w1).Add(b1).Relu().MatMul(w2).Add(b2).Relu().MatMul(w3).Add(b3);

Console.WriteLine($"Glubina engine demo: 2-layer MLP on {2 * perClass} spiral points, full-batch SGD with momentum");
var velocity = parameters.Select(Tensor.ZerosLike).ToArray();
var clock = Stopwatch.StartNew();
double loss = 0;
for (int step = 0; step <= 1500; step++)
{
    using var scope = new TensorScope();
    Tensor logits = Forward(x);
    // Binary cross-entropy with logits, written out: softplus(z) − y·z is stable for any z.
    Tensor lossTensor = logits.Softplus().Sub(logits.Mul(y)).Mean();
    loss = lossTensor.Item();
    lossTensor.Backward();
    using (GradMode.NoGrad())
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            velocity[i].MulInPlace(0.9).AddInPlace(parameters[i].Grad!);
            parameters[i].AddInPlace(velocity[i], alpha: -0.05);
            parameters[i].ZeroGrad();
        }
    }
    if (step % 150 == 0)
    {
        double accuracy = logits.Gt(0).To(DType.Float32).Eq(y).To(DType.Float32).Mean().Item();
        Console.WriteLine($"step {step,5}  loss {loss:F4}  accuracy {accuracy:P1}");
    }
}
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s; final loss {loss:F4}");
return loss < 0.2 ? 0 : 1;

static (Tensor X, Tensor Y) Spirals(int perClass, Generator gen)
{
    var points = new float[2 * perClass * 2];
    var labels = new float[2 * perClass];
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < perClass; i++)
        {
            double r = (double)i / perClass * 5;
            double angle = 1.75 * i / perClass * 2 * Math.PI + c * Math.PI;
            int row = c * perClass + i;
            points[2 * row] = (float)(r * Math.Sin(angle) / 5 + 0.02 * gen.NextNormal());
            points[2 * row + 1] = (float)(r * Math.Cos(angle) / 5 + 0.02 * gen.NextNormal());
            labels[row] = c;
        }
    return (Tensor.FromArray(points, 2 * perClass, 2), Tensor.FromArray(labels, 2 * perClass, 1));
}
