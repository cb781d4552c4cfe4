"""fad: functional automatic differentiation for Python and NumPy.

Trace a pure numerical function on concrete values into an immutable
expression tree, and differentiate it with transforms that compose to any
order::

    import fad, fad.numpy as fnp
    fad.grad(fad.grad(fnp.sin))(0.5)

See ``README.md`` and ``docs/`` for a tour.
"""

from fad import numpy as numpy
from fad import testing as testing
from fad._custom import checkpoint as checkpoint
from fad._custom import custom_jvp as custom_jvp
from fad._custom import custom_vjp as custom_vjp
from fad._custom import remat as remat
from fad._graph import Graph as Graph
from fad._graph import format_graph as format_graph
from fad._graph import to_dot as to_dot
from fad._make_graph import make_graph as make_graph
from fad._primitive import Primitive as Primitive
from fad._primitive import defjvp as defjvp
from fad._primitive import defjvp_joint as defjvp_joint
from fad._primitive import defvjp as defvjp
from fad._primitive import defvjp_joint as defvjp_joint
from fad._primitive import primitive as primitive
from fad._tracer import Array as Array
from fad._tracer import ArrayLike as ArrayLike
from fad._tracer import EscapedTracerError as EscapedTracerError
from fad._tracer import Tracer as Tracer
from fad._tracer import concrete as concrete
from fad._tracer import is_tracer as is_tracer
from fad._transforms import elementwise_grad as elementwise_grad
from fad._transforms import grad as grad
from fad._transforms import hessian as hessian
from fad._transforms import jacfwd as jacfwd
from fad._transforms import jacobian as jacobian
from fad._transforms import jacrev as jacrev
from fad._transforms import jvp as jvp
from fad._transforms import linearize as linearize
from fad._transforms import stop_gradient as stop_gradient
from fad._transforms import value_and_grad as value_and_grad
from fad._transforms import vjp as vjp
from fad._tree import register_dataclass as register_dataclass
from fad._tree import register_pytree_node as register_pytree_node
from fad._tree import tree_flatten as tree_flatten
from fad._tree import tree_leaves as tree_leaves
from fad._tree import tree_map as tree_map
from fad._tree import tree_unflatten as tree_unflatten

__version__ = "0.1.0"

__all__ = [
    # transforms
    "grad", "value_and_grad", "vjp", "jvp", "linearize", "jacrev", "jacfwd",
    "jacobian", "hessian", "elementwise_grad", "stop_gradient",
    # your own derivatives
    "custom_jvp", "custom_vjp", "checkpoint", "remat",
    # your own primitives
    "Primitive", "primitive", "defvjp", "defjvp", "defvjp_joint", "defjvp_joint",
    # traced values and types
    "Array", "ArrayLike", "Tracer", "EscapedTracerError", "concrete", "is_tracer",
    # the recorded graph
    "make_graph", "Graph", "format_graph", "to_dot",
    # pytrees
    "tree_flatten", "tree_unflatten", "tree_leaves", "tree_map",
    "register_pytree_node", "register_dataclass",
    # namespaces
    "numpy", "testing",
]
