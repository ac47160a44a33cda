"""The privacy engine: data map, retention rules and the subject index.

The engine never imports a register. Each register app declares its models in its
own ``privacy.py``; :class:`rekisteri.privacy.apps.PrivacyConfig` imports those
modules at start-up, the way Django's admin autodiscovers ``admin.py``.
"""
