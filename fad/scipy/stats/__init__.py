"""fad.scipy.stats: the traced counterpart of ``scipy.stats``'s distribution functions.

One submodule per distribution, each with SciPy's functions and call
signatures (without frozen distributions): ``norm.logpdf(x, loc=0, scale=1)``,
``gamma.logpdf(x, a, loc=0, scale=1)``, ``poisson.logpmf(k, mu, loc=0)``,
``multivariate_normal.logpdf(x, mean, cov, allow_singular=False)``. Arguments
broadcast as in SciPy; outside the support the functions return what SciPy
returns (-inf, 0 or 1), with a zero derivative there, and nan for invalid
parameters. They are written with ``fad.numpy`` and ``fad.scipy.special``, so
they are differentiable in both modes to any order in their continuous
arguments: the points and the parameters (``loc``, ``scale``, shapes,
probabilities, means, covariances). A count ``k`` of a discrete distribution
has no derivative: passing a traced one is an error. The cdfs are
differentiable in the shape parameters too (the incomplete gamma and beta
functions' series, differentiated term by term).

Unlike SciPy, float32 arguments give float32 results.

Example:
    >>> import numpy as np, fad
    >>> from fad.scipy.stats import gamma
    >>> x = np.array([0.5, 1.0, 2.0])
    >>> loglik = lambda a: gamma.logpdf(x, a).sum()
    >>> round(float(fad.grad(loglik)(2.0)), 6)  # sum(log x) - 3 digamma(2)
    -1.26835
"""

from __future__ import annotations

from fad.scipy.stats import bernoulli as bernoulli
from fad.scipy.stats import beta as beta
from fad.scipy.stats import binom as binom
from fad.scipy.stats import cauchy as cauchy
from fad.scipy.stats import chi2 as chi2
from fad.scipy.stats import dirichlet as dirichlet
from fad.scipy.stats import expon as expon
from fad.scipy.stats import gamma as gamma
from fad.scipy.stats import laplace as laplace
from fad.scipy.stats import logistic as logistic
from fad.scipy.stats import multivariate_normal as multivariate_normal
from fad.scipy.stats import norm as norm
from fad.scipy.stats import poisson as poisson
from fad.scipy.stats import t as t

__all__ = [
    "bernoulli", "beta", "binom", "cauchy", "chi2", "dirichlet", "expon", "gamma",
    "laplace", "logistic", "multivariate_normal", "norm", "poisson", "t",
]
