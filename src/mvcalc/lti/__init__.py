"""mvcalc as an LTI 1.3 tool (Moodle, Canvas, Blackboard), on the PyLTI1p3 library (`pylti1p3next`).

- `tool`: the library's abstract pieces made concrete on our store: the tool configuration
  (registrations from `lti_platforms`), launch-data storage (`lti_state`), the service
  connector (access tokens cached in the store), and a clear sentence for every refusal.
- `services`: what the tool does after a launch, outside any request: scores back to the LMS
  (Assignment and Grade Services) and the roster from it (Names and Role Provisioning).

The FastAPI adapter and the routes are in `mvcalc.web.lti` and `mvcalc.web.routes.lti`.
"""
