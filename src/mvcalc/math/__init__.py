"""Pure mathematics: parsing, checking, derivations, series, optimisation, fitting.

Nothing here does I/O or knows about the web app, the database or the CLI
(import-linter contracts keep it so, and keep the areas layered without cycles):

    diagnose                      what mistake does a wrong answer show? (all question kinds)
    fit, optimize                 least squares; Newton–Raphson, descent, Lagrange
    series                        Taylor series, general terms, radius, remainder
    multivariate                  gradient, Jacobian, Hessian, chain rule, stationary points
    points                        points and variable lists, read and checked
    calculus                      the rule table and verified step-by-step derivatives
    check                         is this answer equal to that one?
    input                         the input language
    autodiff                      reverse-mode automatic differentiation (for the assignments)
    numeric, functions, time_limit  evaluation without eval, the known functions, time limits
"""
