"""The polite reply of the scaled setup, without Rasa (tests read it in the actions environment)."""

# The same words as nginx's reply when no replica answers (deploy/nginx.conf.template).
UNAVAILABLE = ("The interview service is briefly unavailable, so your answer was not recorded. "
               "Please send it again in a minute.")
