"""Public intake: what every form an anonymous visitor may post shares.

`throttle` counts submissions and refused guesses per client address and per e-mail address in
the shared `intake` cache; `forms.IntakeForm` carries the honeypot; `views.IntakeFormView` wires
both into a form page. Page passwords (`isms.page_passwords`) and capability links
(`isms.links`) count their refusals here too.
"""
