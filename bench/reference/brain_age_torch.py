"""The reference side of the model benchmarks: Perturba's two brain-age networks
(org.perturba.model.BrainAgeNetworks) written again in PyTorch, and the attack steps Perturba
takes (ProjectedGradientAscent with an L-infinity Budget, UniversalPerturbationAttack), as a user
who picks PyTorch instead of Perturba would write them. CPU, float32.

Architecture, as in BrainAgeNetworks: blocks of 3x3x3 'same' convolution + ReLU + 2x2x2 max
pooling, 8 channels in the first and twice as many in each next; three blocks up to 64^3 voxels and
one more each time the grid grows eightfold beyond that (NetworkGrid.poolingStages: 2 mm,
96x112x96, has four, 8 to 64 channels); global average pooling; a 32-unit ReLU dense layer; for the
hybrid model a linear 8-unit projection of the context features (L2 penalty 1) concatenated with
the image features; one linear output; MSE loss; Adam, learning rate 2e-3. Images are [n, 1, i, j, k]
with the grid's axes in Perturba's order (ModelInput), which is PyTorch's [N, C, D, H, W].
"""
import torch
from torch import nn

FIRST_CHANNELS = 8
MIN_POOLING_STAGES = 3
VOXELS_PER_EXTRA_STAGE_BASE = 64 ** 3
IMAGE_UNITS = 32
CONTEXT_UNITS = 8
CONTEXT_L2 = 1.0
LEARNING_RATE = 2e-3


def pooling_stages(grid):
    """As NetworkGrid.poolingStages: 3 up to 64^3 voxels, one more per eightfold beyond."""
    voxels = grid[0] * grid[1] * grid[2]
    stages, limit = MIN_POOLING_STAGES, VOXELS_PER_EXTRA_STAGE_BASE
    while voxels > limit:
        stages, limit = stages + 1, limit * 8
    return stages


class BrainAgeNet(nn.Module):
    def __init__(self, grid, context_features=0):
        super().__init__()
        blocks = []
        previous = 1
        for channels in (FIRST_CHANNELS << block for block in range(pooling_stages(grid))):
            blocks += [nn.Conv3d(previous, channels, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool3d(2)]
            previous = channels
        self.image_branch = nn.Sequential(*blocks, nn.AdaptiveAvgPool3d(1), nn.Flatten(),
                                          nn.Linear(previous, IMAGE_UNITS), nn.ReLU())
        self.context_branch = nn.Linear(context_features, CONTEXT_UNITS) if context_features else None
        self.age = nn.Linear(IMAGE_UNITS + (CONTEXT_UNITS if context_features else 0), 1)

    def forward(self, images, context=None):
        features = self.image_branch(images)
        if self.context_branch is not None:
            features = torch.cat([features, self.context_branch(context)], dim=1)
        return self.age(features)


class Steps:
    """The benchmarked operations on one network and one batch."""

    def __init__(self, net, images, context, labels):
        self.net = net
        self.images = images
        self.context = context
        self.labels = labels
        self.optimiser = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
        self.mask = (images != 0).to(images.dtype)
        self.adversarial = images.clone()
        self.perturbation = torch.zeros_like(images[:1])

    def operation(self, name):
        """The operation a benchmark case names: train, forward, gradient, pgd or universal."""
        return {"train": self.train, "forward": self.forward, "gradient": self.input_gradient,
                "pgd": self.pgd_step, "universal": self.universal_step}[name]

    def train(self):
        self.optimiser.zero_grad(set_to_none=True)
        loss = nn.functional.mse_loss(self.net(self.images, self.context), self.labels)
        if self.net.context_branch is not None:
            loss = loss + 0.5 * CONTEXT_L2 * self.net.context_branch.weight.pow(2).sum()
        loss.backward()
        self.optimiser.step()

    def forward(self):
        with torch.no_grad():
            return self.net(self.images, self.context)

    def input_gradient(self, images=None):
        x = (self.images if images is None else images).detach().requires_grad_(True)
        age = self.net(x, self.context)
        (gradient,) = torch.autograd.grad(age.sum(), x)
        return gradient

    def pgd_step(self, epsilon=0.01, fraction=0.25):
        """One L-infinity PGD step: signed gradient inside the head, then projection onto the ball
        around the clean images, the head and [0, 1]."""
        gradient = self.input_gradient(self.adversarial)
        with torch.no_grad():
            moved = self.adversarial + gradient.sign() * self.mask * (fraction * epsilon)
            delta = ((moved - self.images) * self.mask).clamp_(-epsilon, epsilon)
            self.adversarial = (self.images + delta).clamp_(0, 1)

    def universal_step(self, epsilon=0.01, fraction=0.25):
        """One mini-batch step of a universal perturbation: the batch-mean signed gradient with
        respect to the shared perturbation (inside each head), clipped to the L-infinity ball."""
        with torch.no_grad():
            adversarial = (self.images + self.perturbation * self.mask).clamp_(0, 1)
        gradient = self.input_gradient(adversarial) * self.mask
        with torch.no_grad():
            self.perturbation += gradient.mean(dim=0, keepdim=True).sign() * (fraction * epsilon)
            self.perturbation.clamp_(-epsilon, epsilon)


def batch(batch_size, grid, context_features, seed=1):
    """An ellipsoid (a ball on a cube) of random tissue in (0, 1] on a zero background, its radii 0.42
    of each side, like BenchData.images in Java."""
    generator = torch.Generator().manual_seed(seed)
    images = torch.rand(batch_size, 1, *grid, generator=generator) * 0.9 + 0.05
    axes = [(torch.arange(side, dtype=torch.float32) - (side - 1) / 2) / (side * 0.42) for side in grid]
    i, j, k = torch.meshgrid(*axes, indexing="ij")
    ellipsoid = ((i * i + j * j + k * k) <= 1).to(torch.float32)
    images *= ellipsoid
    context = torch.rand(batch_size, context_features, generator=generator) - 0.5 if context_features else None
    labels = torch.rand(batch_size, 1, generator=generator)
    return images, context, labels


def steps(kind, grid, batch_size, context_features):
    """The operations of the kind's network on a batch of the grid, (i, j, k) voxels."""
    torch.manual_seed(42)
    features = context_features if kind == "hybrid" else 0
    net = BrainAgeNet(grid, features)
    images, context, labels = batch(batch_size, grid, features)
    return Steps(net, images, context, labels)
