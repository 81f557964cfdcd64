using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;

// The load test's models (bench/loadtest/run.sh):
//   make-mnist-models FOLDER   writes FOLDER/mnist_mlp/1/model.safetensors (784-256-128-10 MLP, issue 3's model) and
//                              FOLDER/mnist_cnn/1/model.safetensors (LeNet-5) with seeded random weights: serving cost
//                              does not depend on the weights' values, and the load test needs no training run.
if (args.Length != 2 || args[0] != "make-mnist-models")
{
    Console.Error.WriteLine("usage: make-mnist-models FOLDER");
    return 2;
}
var generator = new Generator(7);
Save(new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10)),
    Path.Combine(args[1], "mnist_mlp", "1", "model.safetensors"), [784], generator);
Save(new Sequential(
        new Conv2d(1, 6, 5, padding: 2), new ReLU(), new MaxPool2d(2),
        new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(16 * 5 * 5, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10)),
    Path.Combine(args[1], "mnist_cnn", "1", "model.safetensors"), [1, 28, 28], generator);
Console.WriteLine($"wrote {args[1]}/mnist_mlp/1/model.safetensors and {args[1]}/mnist_cnn/1/model.safetensors");
return 0;

static void Save(Sequential model, string path, int[] inputShape, Generator generator)
{
    using (Glubina.Autograd.GradMode.NoGrad())
        foreach (var p in model.Parameters())
            p.CopyInPlace(Tensor.Normal(p.Shape.ToArray(), 0, 0.05, generator));
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    new ModelFile(model, ModelSpec.FromModule(model)) { Task = "classification", InputShape = inputShape }.Save(path);
}
